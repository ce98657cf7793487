import { describe, expect, it } from 'vitest';
import { startPollLoop } from './poll-loop.ts';

describe('poll loop', () => {
  it('goes on at once while there is work, survives a failed round, and stops after the round under way', async () => {
    const rounds: string[] = [];
    let release = () => {};
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let reachedBlock = () => {};
    const atBlock = new Promise<void>((resolve) => (reachedBlock = resolve));
    const loop = startPollLoop(
      'test',
      async () => {
        rounds.push(`round ${rounds.length + 1}`);
        if (rounds.length === 1) return 2;
        if (rounds.length === 2) throw new Error('database restarting');
        reachedBlock();
        await blocked;
        return 1;
      },
      1,
    );
    await atBlock;
    const stopped = loop.stop();
    release();
    await stopped;
    expect(rounds).toEqual(['round 1', 'round 2', 'round 3']);
  });
});
