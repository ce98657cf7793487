import { describe, expect, it, vi } from 'vitest';
import { waitingVisit as item } from '../../../testing/field-test-kit.ts';
import { finishLogOut, keptByServer, lostOnLogOut, metaAfterLogOut } from './log-out.rules.ts';

describe('logging out of the field app', () => {
  it('keeps nothing of the account or the village, only the phone’s id and the mark that the server is still to be told', () => {
    const meta = [
      { key: 'account', value: { id: 'a1', username: 'doi.hindam', displayName: 'Đội Hin Đăm', villageCode: '06625001', villageName: 'Hin Đăm' } },
      { key: 'deviceId', value: '0190a000-0000-7000-8000-0000000000d1' },
      { key: 'cursor', value: '123:abc' },
      { key: 'lastSyncAt', value: '2025-08-01T01:00:00Z' },
      { key: 'team', value: { id: 't1', name: 'Tổ CNSCĐ Hin Đăm', contactPhone: null } },
      { key: 'teamMembers', value: [] },
      { key: 'village', value: { code: '06625001', name: 'Hin Đăm' } },
    ];
    expect(metaAfterLogOut(meta)).toEqual([
      { key: 'deviceId', value: '0190a000-0000-7000-8000-0000000000d1' },
      { key: 'pendingLogOut', value: true },
    ]);
    // A phone that never synced has no id yet: only the mark.
    expect(metaAfterLogOut([{ key: 'account', value: {} }])).toEqual([{ key: 'pendingLogOut', value: true }]);
  });

  it('counts as lost what the server does not hold, and apart what it does', () => {
    const outbox = [
      item('waiting'),
      item('sending', { state: 'sending' }),
      item('refused-whole', { state: 'needs_attention', recorded: false }),
      item('refused-stored', { state: 'needs_attention', recorded: true }),
      item('dropped', { state: 'dropped', recorded: true }),
      item('fixed', { state: 'fixed', recorded: true }),
    ];
    expect(lostOnLogOut(outbox)).toBe(3);
    expect(keptByServer(outbox)).toBe(1);
    expect(lostOnLogOut([])).toBe(0);
  });

  it('forgets that the server is still to be told only once it has been', async () => {
    const clearPending = vi.fn(async () => undefined);
    expect(await finishLogOut({ endServerSession: async () => undefined, clearPending })).toBe(true);
    expect(clearPending).toHaveBeenCalledTimes(1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stillPending = vi.fn(async () => undefined);
    expect(await finishLogOut({ endServerSession: () => Promise.reject(new Error('offline')), clearPending: stillPending })).toBe(false);
    expect(stillPending).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
