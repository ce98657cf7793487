import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The test run's folder, made by the global set-up and removed after the run, where the test
 * processes share what they build once (migrated databases, a demo province); without one (a
 * test run without the global set-up) each test builds its own.
 */
export const runFolder = (): string | undefined => process.env.TEST_RUN_FOLDER || undefined;

/**
 * `file`, built by `build` once in the test run, whichever test process asks first; the others
 * wait for it. A lock file holding the builder's process id keeps two from building at once; the
 * lock of a builder that died is taken over, and a failed build is tried again by the next asker.
 */
export async function onceInRun(file: string, build: (file: string) => Promise<void>): Promise<string> {
  const lock = `${file}.lock`;
  for (;;) {
    if (fs.existsSync(file)) return file;
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      if (!lockHolderAlive(lock)) fs.rmSync(lock, { force: true });
      await sleep(100);
      continue;
    }
    const partial = `${file}.${process.pid}`;
    try {
      await build(partial);
      fs.renameSync(partial, file);
      return file;
    } finally {
      fs.rmSync(partial, { recursive: true, force: true });
      fs.rmSync(lock, { force: true });
    }
  }
}

function lockHolderAlive(lock: string): boolean {
  try {
    const holder = Number(fs.readFileSync(lock, 'utf8'));
    // An empty lock is one being written this instant, or left by a builder that died writing it.
    if (!holder) return Date.now() - fs.statSync(lock).mtimeMs < 10_000;
    process.kill(holder, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
