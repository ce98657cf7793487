import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, parseRetryAfter, setCsrfToken } from './api.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');

  it('reads seconds and HTTP dates, a date in the past as now', () => {
    expect(parseRetryAfter('17', now)).toBe(17_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 07:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('uploading a file', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('sends the bytes themselves as octet-stream, with the query and the CSRF header', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ created: 1 }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    setCsrfToken('token-1');
    const file = new Blob(['ma_thon,ngay\r\n'], { type: 'text/csv' });
    expect(await api.upload('/api/imports/trainings', file, { query: { dryRun: 'true', encoding: undefined } })).toEqual({ created: 1 });
    const [call] = calls;
    expect(call?.url).toBe('/api/imports/trainings?dryRun=true');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.body).toBe(file);
    expect(call?.init.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-csrf-token': 'token-1' });
  });

  it('turns a refusal into an ApiError that keeps every bad row', async () => {
    const issues = [{ code: 'import.bad', row: 3, field: 'ngay', message: { vi: 'Sai ngày', en: 'Wrong date' } }];
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'import.invalid_rows', message: { vi: '1 dòng có lỗi', en: '1 row' }, issues } }), { status: 400 }),
    );
    const refusal = await api.upload('/api/imports/visits', new Blob(['x'])).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, code: 'import.invalid_rows', issues });
  });
});
