import { chromium, type Browser } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/**
 * The real server, as a user would start it (`banso serve`), on a fresh embedded database with
 * a small demo province and a known administrator password.
 */
export async function startApp(env: { adminPassword: string; demoScale: string }): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banso-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/banso.js', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      BANSO_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      BANSO_ADMIN_PASSWORD: env.adminPassword,
      BANSO_DEMO_SCALE: env.demoScale,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
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
    rmSync(dataDir, { recursive: true, force: true });
  };

  // The first start migrates, loads the territory and seeds the demo: allow it time on a slow machine.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
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
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Where the journeys leave screenshots to look at, and the two screens they are taken on. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };
