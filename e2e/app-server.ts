import { chromium, type Browser } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/accounts/password.ts';
import { openDatabase } from '../src/platform/database.ts';
import { onceInRun, runFolder } from '../testing/test-run-folder.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface RunningApp {
  baseUrl: string;
  /** Everything the server printed, for the failure message when it does not come up. */
  output: () => string;
  stop: () => Promise<void>;
}

/** The browser tests need the built web app; `npm test` builds it first, a lone `vitest run e2e` may not have. */
export function ensureWebBuilt(): void {
  if (existsSync(path.join(ROOT, 'web/dist/index.html'))) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface AppStart {
  adminPassword: string;
  demoScale: string;
  /** More of the server's environment (BANSO_EXCHANGE_TOKEN, say). */
  env?: Record<string, string>;
  /** Commands run on the data folder before the first start (`banso territory load --national`…), knowing the port it will listen on. */
  before?: (port: number) => string[][];
}

/**
 * The real server, as a user would start it (`banso serve`), on a fresh embedded database with
 * a small demo province and a known administrator password. A first start (migrations, the
 * territory, the demo province) costs much more than the test that follows, so a test run makes
 * one per demo scale and each test file starts the server on its own copy of that data folder,
 * with its administrator's password set as BANSO_ADMIN_PASSWORD would have set it; what the
 * first start printed (the demo accounts' one-time passwords) comes first in `output`.
 */
export async function startApp(start: AppStart): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banso-e2e-'));
  try {
    const firstStart = await firstStartOnce(start.demoScale);
    if (firstStart) {
      cpSync(path.join(firstStart, 'data'), dataDir, { recursive: true, preserveTimestamps: true });
      await setAdministratorPassword(dataDir, start.adminPassword);
    }
    const server = await serve(dataDir, start, firstStart ? readFileSync(path.join(firstStart, 'output.txt'), 'utf8') : '');
    return {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The folder holding the run's first start at this demo scale (`data`, `output.txt`), made by whichever test file asks first. */
async function firstStartOnce(demoScale: string): Promise<string | undefined> {
  const folder = runFolder();
  if (!folder) return undefined;
  return onceInRun(path.join(folder, `demo-${demoScale}`), async (partial) => {
    mkdirSync(path.join(partial, 'data'), { recursive: true });
    const server = await serve(path.join(partial, 'data'), { adminPassword: FIRST_START_PASSWORD, demoScale }, '');
    await server.stop();
    writeFileSync(path.join(partial, 'output.txt'), server.output());
  });
}

const FIRST_START_PASSWORD = 'e2e-first-start-password';

async function setAdministratorPassword(dataDir: string, password: string): Promise<void> {
  const handle = await openDatabase({ dataDir });
  try {
    await handle.db
      .updateTable('account')
      .set({ password_hash: await hashPassword(password) })
      .where('username', '=', 'admin')
      .execute();
  } finally {
    await handle.close();
  }
}

/** `banso serve` on a data folder, once it answers; `stop` ends it cleanly (the folder stays). */
async function serve(dataDir: string, start: AppStart, earlierOutput: string): Promise<RunningApp> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: '',
    BANSO_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BANSO_ADMIN_PASSWORD: start.adminPassword,
    BANSO_DEMO_SCALE: start.demoScale,
    ...start.env,
  };
  for (const args of start.before?.(port) ?? []) {
    const run = spawnSync(process.execPath, ['bin/banso.js', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`banso ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, ['bin/banso.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = earlierOutput;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  // The first start migrates, loads the territory and seeds the demo: allow it time on a slow machine
  // (on two cores shared by eight people it has taken more than 150 s).
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const healthy = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { baseUrl, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`The server did not come up:\n${output}`);
}

/**
 * Debian's Chromium, never a downloaded browser; without the background-networking flags it
 * keeps trying to reach Google's hosts, which this machine's closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Where the journeys leave screenshots to look at, and the two screens they are taken on. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };
