/** Where a long step stands, for a person watching a terminal. */
export interface StepProgress {
  step: string;
  done: number;
  total: number;
  /** Time spent on this step so far. */
  elapsedMs: number;
}

const BAR_WIDTH = 20;
const count = (n: number) => n.toLocaleString('en');

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * "households   45% [█████████           ] 92,345/205,000 · 14 s · about 17 s left": the step, how
 * far, how long so far and, once a tenth is done, the time left at this step's own pace. A promise
 * made in advance ("about a minute") was wrong on a busy machine; a measured pace is not.
 */
export function describeProgress({ step, done, total, elapsedMs }: StepProgress): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'█'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}]`;
  const head = `${step.padEnd(12)} ${String(Math.floor(share * 100)).padStart(3)}% ${bar} ${count(done)}/${count(total)} · ${seconds(elapsedMs)}`;
  if (done >= total) return `${head} · done`;
  if (share < 0.1) return head;
  return `${head} · about ${seconds((elapsedMs / done) * (total - done))} left`;
}

/**
 * A progress callback for the terminal: one line per step, rewritten in place on a terminal; where
 * the output is a file or a pipe (a service's log), only each step's last line.
 */
export function printProgress(out: NodeJS.WriteStream = process.stdout, now: () => number = Date.now): (step: string, done: number, total: number) => void {
  let current: { step: string; startedAt: number } | undefined;
  return (step, done, total) => {
    if (current?.step !== step) current = { step, startedAt: now() };
    const line = describeProgress({ step, done, total, elapsedMs: now() - current.startedAt });
    if (out.isTTY) out.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (done >= total) out.write(`${line}\n`);
  };
}
