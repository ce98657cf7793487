import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublicOrigin } from './config.ts';
import { createHttpServer, type HttpServer } from './http.ts';
import { serveWebApp, type PageHead } from './web-app.ts';

describe('the web app beside the API', () => {
  let app: HttpServer;
  const dist = mkdtempSync(path.join(tmpdir(), 'banso-web-'));
  const bigScript = Array.from({ length: 400 }, (_, i) => `console.log('thôn ${i}');`).join('\n');

  beforeAll(async () => {
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><meta name="description" content="Bản Số" /><title>Bản Số</title>');
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    // As the build writes them beside every text file.
    writeFileSync(path.join(dist, 'assets', 'big.js'), bigScript);
    writeFileSync(path.join(dist, 'assets', 'big.js.br'), brotliCompressSync(bigScript));
    writeFileSync(path.join(dist, 'assets', 'big.js.gz'), gzipSync(bigScript));
    app = await createHttpServer({ version: 'test' });
    app.get('/api/tiny', () => ({ ok: true }));
    await serveWebApp(app, dist, async (path) =>
      path === '/cua-hang/thuoc-nam' ? { title: 'Thuốc nam "Bà Tẩn" <Lăng Đồng>', description: 'Lá tắm & cao', path } : null,
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app shell for the client’s own routes, and its assets', async () => {
    const page = await app.inject({ url: '/bang-dieu-khien' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Bản Số</title>');
    expect((await app.inject({ url: '/assets/app.js' })).statusCode).toBe(200);
  });

  it('sends a browser the file the build compressed, brotli first, and the file itself to a client that takes neither', async () => {
    const br = await app.inject({ url: '/assets/big.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(bigScript);
    // The build's bytes (brotli at its best), not the server's own (at quality 4).
    expect(br.rawPayload.equals(brotliCompressSync(bigScript))).toBe(true);
    const gz = await app.inject({ url: '/assets/big.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(gzipSync(bigScript))).toBe(true);
    const plain = await app.inject({ url: '/assets/big.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(bigScript);
  });

  it.each(['/api/nope', '/api/households/x/y/z', '/api', '/assets/old-build.js'])(
    'answers %s with a 404 in the API’s error shape, never the page',
    async (url) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'http.not_found', message: { vi: expect.any(String), en: expect.any(String) } } });
    },
  );

  it('answers a write to an unknown API path 404 in the same shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/nope', payload: { a: 1 } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('http.not_found');
  });

  it('gives a page the server describes its Open Graph and Twitter tags, escaped, and leaves other pages alone', async () => {
    const page = await app.inject({ url: '/cua-hang/thuoc-nam?ref=zalo' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Thuốc nam &#34;Bà Tẩn&#34; &#60;Lăng Đồng&#62;</title>');
    expect(page.body).toContain('<meta property="og:title" content="Thuốc nam &#34;Bà Tẩn&#34; &#60;Lăng Đồng&#62;" />');
    expect(page.body).toContain('<meta name="twitter:description" content="Lá tắm &#38; cao" />');
    expect(page.body).toContain('<meta name="description" content="Lá tắm &#38; cao" />');
    expect(page.body).not.toContain('og:image');
    expect((await app.inject({ url: '/cua-hang/khac' })).body).not.toContain('og:title');
  });

  it('names the shared page at the origin the request came to when no public origin is set', async () => {
    const page = await app.inject({ url: '/cua-hang/thuoc-nam', headers: { host: 'cho.langson.test:8080' } });
    expect(page.body).toContain('<meta property="og:url" content="http://cho.langson.test:8080/cua-hang/thuoc-nam" />');
  });

  it('names the shared page and its picture at the configured public origin, whatever host the request named', async () => {
    const head: PageHead = {
      title: 'Thuốc nam',
      description: 'Lá tắm',
      path: '/cua-hang/thuoc-nam',
      image: { path: '/media/cards/shop/thuoc-nam.png', width: 1200, height: 630, alt: 'Lá tắm' },
    };
    const behindProxy = await createHttpServer({ version: 'test' });
    await serveWebApp(behindProxy, dist, async (path) => (path === head.path ? head : null), readPublicOrigin('https://banso.langson.gov.vn/'));
    try {
      const page = await behindProxy.inject({ url: '/cua-hang/thuoc-nam', headers: { host: '10.0.0.7:3000' } });
      expect(page.body).toContain('<meta property="og:url" content="https://banso.langson.gov.vn/cua-hang/thuoc-nam" />');
      expect(page.body).toContain('<meta property="og:image" content="https://banso.langson.gov.vn/media/cards/shop/thuoc-nam.png" />');
      expect(page.body).toContain('<meta name="twitter:image" content="https://banso.langson.gov.vn/media/cards/shop/thuoc-nam.png" />');
      expect(page.body).not.toContain('10.0.0.7');
    } finally {
      await behindProxy.close();
    }
  });

  it.each(['banso.langson.gov.vn', 'https://banso.langson.gov.vn/cua-hang', 'ftp://banso.langson.gov.vn', 'https://'])(
    'refuses %s as the public origin',
    (value) => {
      expect(() => readPublicOrigin(value)).toThrow(/BANSO_PUBLIC_ORIGIN/);
    },
  );

  it('takes an origin as written, and none when unset', () => {
    expect(readPublicOrigin('https://Banso.LangSon.gov.vn')).toBe('https://banso.langson.gov.vn');
    expect(readPublicOrigin('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(readPublicOrigin('  ')).toBeUndefined();
    expect(readPublicOrigin(undefined)).toBeUndefined();
  });
});
