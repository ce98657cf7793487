import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpServer, sendJsonBytes, type HttpServer } from './http.ts';
import { calendarDate } from './api-schema.ts';

describe('the HTTP server', () => {
  let app: HttpServer;
  const rows = Array.from({ length: 500 }, (_, i) => ({ code: `0662500${i}`, name: `Thôn ${i}`, value: i * 1.5 }));
  /** An answer kept in memory as JSON bytes, as the scorecard's is between writes. */
  const kept = Buffer.from(JSON.stringify(rows));

  beforeAll(async () => {
    app = await createHttpServer({ version: 'test' });
    app.get('/api/rows', () => rows);
    app.get('/api/tiny', () => ({ ok: true }));
    app.get('/api/kept', (req, reply) => sendJsonBytes(req, reply, kept));
    app.post('/api/form', { schema: { body: z.object({ name: z.string().max(5), count: z.number().int().min(1), on: calendarDate }) } }, () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('sends a strict content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tiny' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('compresses large answers for clients that accept it, and only for them', async () => {
    const gzipped = await app.inject({ method: 'GET', url: '/api/rows', headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const raw = gzipped.rawPayload;
    expect(JSON.parse(gunzipSync(raw).toString('utf8'))).toEqual(rows);
    expect(raw.length).toBeLessThan(JSON.stringify(rows).length / 3);

    const plain = await app.inject({ method: 'GET', url: '/api/rows' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(rows);
  });

  it('sends kept JSON bytes compressed the way the client asks, brotli first, and as they are to a client that asks for none', async () => {
    for (const [accepts, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['br;q=0.5, gzip', 'gzip', gunzipSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const first = await app.inject({ method: 'GET', url: '/api/kept', headers: { 'accept-encoding': accepts } });
      const again = await app.inject({ method: 'GET', url: '/api/kept', headers: { 'accept-encoding': accepts } });
      expect(first.headers['content-encoding'], accepts).toBe(encoding);
      expect(first.headers.vary).toContain('accept-encoding');
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(decode(first.rawPayload).toString('utf8'))).toEqual(rows);
      expect(first.rawPayload.length).toBeLessThan(kept.length / 3);
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    }
    const plain = await app.inject({ method: 'GET', url: '/api/kept', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(kept)).toBe(true);
  });

  it('leaves small answers alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tiny', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('words every validation problem in Vietnamese in vi and in English in en, a missing field as required', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/form', payload: { count: 'abc', on: '2025-02-30' } });
    expect(res.statusCode).toBe(400);
    const byField = Object.fromEntries(res.json().error.issues.map((i: { field: string; message: { vi: string; en: string } }) => [i.field, i.message]));
    expect(byField.name).toEqual({ vi: 'Bắt buộc phải có.', en: 'Required.' });
    expect(byField.on).toEqual({ vi: 'Một ngày có thật, viết YYYY-MM-DD.', en: 'A real date written YYYY-MM-DD.' });
    expect(byField.count.vi).toMatch(/mong đợi/);
    for (const message of Object.values(byField) as { vi: string; en: string }[]) expect(message.vi).not.toMatch(/Invalid|expected|received/);
    const long = await app.inject({ method: 'POST', url: '/api/form', payload: { name: 'quá dài', count: 0, on: '2025-01-01' } });
    const messages = long.json().error.issues.map((i: { message: { vi: string } }) => i.message.vi);
    expect(messages).toEqual([expect.stringMatching(/Quá lớn/), expect.stringMatching(/Quá nhỏ/)]);
  });
});

describe('the HTTP server’s answer to a URL it cannot read', () => {
  let app: HttpServer;
  beforeAll(async () => {
    app = await createHttpServer({ version: 'test' });
    app.get('/api/villages/:code', (req) => req.params);
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(['/api/villages/%E0%A4%A', '/api/villages/%', '/api/villages/%zz'])('answers %s 400 in the API’s error shape', async (url) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'http.bad_url', message: { vi: expect.stringMatching(/địa chỉ/i), en: expect.stringMatching(/address/i) } } });
  });
});
