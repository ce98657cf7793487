import { describe, expect, it } from 'vitest';
import type { BankFeedRow } from './bank-feed.repository.ts';
import { createNotificationMemory } from './notification-memory.ts';
import type { NotificationOutcome } from './receive-bank-notification.ts';

const feed = (id: string) => ({ id, provider: 'sepay', active: true }) as BankFeedRow;

describe('the webhook’s memory', () => {
  it('keeps a feed for its time only, and forgets it at once when told', () => {
    let clock = 1_000;
    const memory = createNotificationMemory({ feedMs: 2_000, now: () => clock });
    memory.keepFeed(feed('a'));
    clock += 1_999;
    expect(memory.feed('a')?.id).toBe('a');
    clock += 1;
    expect(memory.feed('a')).toBeUndefined();
    memory.keepFeed(feed('a'));
    memory.forgetFeed('a');
    expect(memory.feed('a')).toBeUndefined();
  });

  it('records a notification once while its copies wait for it, and lets a copy record it when the first failed', async () => {
    const memory = createNotificationMemory();
    let calls = 0;
    let release: () => void = () => undefined;
    const record = () => {
      calls++;
      return new Promise<NotificationOutcome>((resolve) => (release = () => resolve({ success: true, outcome: 'credited', transferId: 't1' })));
    };
    const answers = [memory.recordOnce('a', '1', record), memory.recordOnce('a', '1', record), memory.recordOnce('a', '1', record)];
    release();
    expect((await Promise.all(answers)).map((a) => a.outcome)).toEqual(['credited', 'duplicate', 'duplicate']);
    expect(calls).toBe(1);

    let fail: () => void = () => undefined;
    const failing = memory.recordOnce('a', '2', () => new Promise((_resolve, reject) => (fail = () => reject(new Error('rolled back')))));
    const copy = memory.recordOnce('a', '2', async () => ({ success: true, outcome: 'credited', transferId: 't2' }));
    fail();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await copy).toEqual({ success: true, outcome: 'credited', transferId: 't2' });
  });

  it('remembers recorded transfers by feed and provider id, the oldest dropped first when full', () => {
    const memory = createNotificationMemory({ copies: 2 });
    memory.keepCopy('a', '1', 't1');
    memory.keepCopy('b', '1', 't2');
    expect(memory.copy('a', '1')).toBe('t1');
    expect(memory.copy('a', '2')).toBeUndefined();
    memory.keepCopy('a', '3', 't3');
    expect([memory.copy('a', '1'), memory.copy('b', '1'), memory.copy('a', '3')]).toEqual([undefined, 't2', 't3']);
  });
});
