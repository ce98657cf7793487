/** A loop running in the background of `banso serve`, stopped before the database closes. */
export interface PollLoop {
  /** Ends the loop; resolves once the round under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Calls `round` again and again: at once while it finds work (it returns how much it did), after
 * `idleMs` when it found none or failed. Polling rather than LISTEN works the same on both
 * engines; a failed round is logged and the next one tries again, so a database restart does not
 * end the loop.
 */
export function startPollLoop(name: string, round: () => Promise<number>, idleMs: number): PollLoop {
  let stopping = false;
  let wake = () => {};
  let timer: NodeJS.Timeout | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, idleMs);
    });
  const running = (async () => {
    while (!stopping) {
      let done = 0;
      try {
        done = await round();
      } catch (error) {
        console.error(`${name}: a round failed and will be tried again`, error);
      }
      if (!stopping && done === 0) await idle();
    }
  })();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      wake();
      await running;
    },
  };
}
