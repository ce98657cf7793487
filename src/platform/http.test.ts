import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from './http.ts';

describe('the HTTP server', () => {
  let app: HttpServer;
  const rows = Array.from({ length: 500 }, (_, i) => ({ code: `0662500${i}`, name: `Thôn ${i}`, value: i * 1.5 }));

  beforeAll(async () => {
    app = await createHttpServer({ version: 'test' });
    app.get('/api/rows', () => rows);
    app.get('/api/tiny', () => ({ ok: true }));
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

  it('leaves small answers alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tiny', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
