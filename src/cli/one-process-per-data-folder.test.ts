import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { START_UP_STEPS } from '../server.ts';
import { lockFile } from '../platform/data-folder-lock.ts';
import { embeddedPath, listBackups } from '../platform/backup.ts';
import type { Survey } from '../households/index.ts';

/**
 * The embedded database as people run it: real processes (`node bin/banso.js …`) on one
 * throw-away data folder, crashed at every step of start-up, then shared by a server and the
 * commands someone runs beside it, then damaged and restored.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_PASSWORD = 'one process per folder';
const HIN_DAM = '06625001';
const survey: Survey = {
  surveyedOn: '2025-06-30',
  members: 4,
  adults: 3,
  smartphoneOwners: 2,
  epayAdults: 1,
  homeFtth: true,
  vneidUsers: 2,
  ehealthUsers: 1,
  bankingUsers: 1,
};

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function banso(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/banso.js'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      BANSO_DATA_DIR: dataDir,
      BANSO_DEMO_SCALE: '0.05',
      BANSO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of watchers) watcher();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const ended = new Promise<Ended>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, output })));
  /** The first match of `pattern` in the output, or null if the process ended without one. */
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray | null>((resolve) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) resolve(match);
      };
      watchers.add(check);
      check();
      void ended.then(() => resolve(output.match(pattern)));
    });
  return { child, ended, printed, output: () => output };
}

const RESTORE = /npx banso restore "([^"]+)"/;

describe('one process per embedded data folder', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-folder-'));
  const dataDir = path.join(root, 'data');
  let server: ReturnType<typeof banso> | undefined;
  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.ended;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A start that crashes after `step`; a damaged folder is restored from the backup its message names, then started again. */
  const crashAfter = async (step: string) => {
    let run = await banso(dataDir, ['serve'], { BANSO_TEST_CRASH_AFTER: step }).ended;
    const restore = run.signal ? null : RESTORE.exec(run.output);
    if (restore) {
      expect((await banso(dataDir, ['restore', restore[1]!]).ended).code).toBe(0);
      run = await banso(dataDir, ['serve'], { BANSO_TEST_CRASH_AFTER: step }).ended;
    }
    expect(run.signal, `crash after "${step}":\n${run.output}`).toBe('SIGKILL');
    // The dead process's lock stays behind for the next start to take over.
    expect(fs.existsSync(lockFile(dataDir))).toBe(true);
  };

  it("starts again after a crash at every step of start-up, and inside the demo province's transaction", async () => {
    for (const step of START_UP_STEPS) {
      if (step === 'demo province') {
        const generating = banso(dataDir, ['serve']);
        // The villages are the demo's first step: once they are written, the transaction is open.
        expect(await generating.printed(/^villages\b/m), generating.output()).not.toBeNull();
        generating.child.kill('SIGKILL');
        await generating.ended;
      }
      await crashAfter(step);
    }
    server = banso(dataDir, ['serve']);
    expect(await server.printed(/running at http:\/\/127\.0\.0\.1:\d+\//), server.output()).not.toBeNull();
  }, 900_000);

  it('refuses every other process at once while the server runs, touching nothing, and keeps every write the server made', async () => {
    const running = server!;
    const baseUrl = (await running.printed(/running at (http:\/\/127\.0\.0\.1:\d+)\//))![1]!;
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const session = {
      cookie: login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
    };
    // Numbered to three digits, so that no label is the start of another.
    const label = (n: number) => `Hộ thử ${String(n).padStart(3, '0')}`;
    const record = async (n: number) => {
      const res = await fetch(`${baseUrl}/api/villages/${HIN_DAM}/households`, {
        method: 'POST',
        headers: { ...session, 'content-type': 'application/json', origin: baseUrl },
        body: JSON.stringify({ label: label(n), survey }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    await record(1);

    const lockBefore = fs.readFileSync(lockFile(dataDir), 'utf8');
    const filesBefore = fs.readdirSync(embeddedPath(dataDir)).sort();
    expect(filesBefore).toContain('postmaster.pid');
    const others = [
      ['user', 'add', 'second.process', '--role', 'team_member', '--unit', HIN_DAM],
      ['export', 'households', '--out', path.join(root, 'refused.csv')],
      ['backup'],
      ['restore', listBackups(dataDir)[0]!],
      ['serve'],
    ].map((args) => banso(dataDir, args).ended);
    // The server keeps writing while the others start and are refused.
    let othersEnded = false;
    const refusals = Promise.all(others).finally(() => (othersEnded = true));
    let recorded = 1;
    while (!othersEnded) await record((recorded += 1));
    for (const refused of await refusals) {
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(`A Bản Số server (process ${running.child.pid}`);
      expect(refused.output).toContain(`Máy chủ Bản Số (tiến trình ${running.child.pid}`);
      expect(refused.output).toContain('DATABASE_URL');
    }
    expect(fs.readFileSync(lockFile(dataDir), 'utf8')).toBe(lockBefore);
    expect(fs.readdirSync(embeddedPath(dataDir)).sort()).toEqual(filesBefore);
    expect(fs.existsSync(path.join(root, 'refused.csv'))).toBe(false);

    running.child.kill('SIGTERM');
    const stopped = await running.ended;
    expect(stopped.code, stopped.output).toBe(0);
    expect(stopped.output).toContain('Bản Số stopped; the database was closed cleanly.');
    expect(fs.existsSync(lockFile(dataDir))).toBe(false);

    const exported = path.join(root, 'hin-dam.csv');
    const run = await banso(dataDir, ['export', 'households', '--unit', HIN_DAM, '--out', exported]).ended;
    expect(run.code, run.output).toBe(0);
    const csv = fs.readFileSync(exported, 'utf8');
    for (let n = 1; n <= recorded; n += 1) expect(csv).toContain(label(n));
  }, 600_000);

  it('says how to restore a damaged folder without printing the engine, and the backup it names brings it back', async () => {
    const damaged = path.join(root, 'damaged');
    fs.cpSync(dataDir, damaged, { recursive: true });
    // pg_class of the database: the catalog every query reads first.
    fs.truncateSync(path.join(embeddedPath(damaged), 'base', '5', '1259'), 0);
    const villages = path.join(root, 'villages.csv');

    const refused = await banso(damaged, ['export', 'villages', '--out', villages]).ended;
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain('cannot be opened: its files are damaged');
    expect(refused.output).toContain('Không mở được cơ sở dữ liệu');
    expect(refused.output.length, refused.output).toBeLessThan(3000);
    expect(refused.output).not.toMatch(/wasm-function|chunk-|=>/);
    expect(fs.existsSync(lockFile(damaged))).toBe(false);
    const backup = RESTORE.exec(refused.output)?.[1];
    expect(backup).toBe(listBackups(damaged)[0]);

    const restored = await banso(damaged, ['restore', backup!]).ended;
    expect(restored.code, restored.output).toBe(0);
    const again = await banso(damaged, ['export', 'villages', '--out', villages]).ended;
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/Wrote [1-9][\d,]* rows/);
  }, 600_000);
});
