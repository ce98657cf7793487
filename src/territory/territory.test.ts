import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import { loadProvinceTerritory } from './load-province-territory.ts';
import { childPath } from './territory.rules.ts';
import { upsertOrgUnits } from './org-unit.repository.ts';

describe.each(testEngines())('territory on %s', (engine) => {
  let handle: DatabaseHandle;
  let app: HttpServer;

  beforeAll(async () => {
    handle = await openTestDatabase(engine);
    await loadProvinceTerritory(handle.db);
    app = await buildApp(handle);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('reports its engine in the health check', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().database.engine).toBe(engine);
    expect(Number(res.json().database.version.split('.')[0])).toBeGreaterThanOrEqual(15);
  });

  it('holds the 65 real communes and wards of Lạng Sơn', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/org-units/20/children' });
    const body = res.json();
    expect(body.total).toBe(65);
    expect(body.items.filter((u: { kind: string }) => u.kind === 'phuong')).toHaveLength(4);
    expect(body.items.every((u: { isDemo: boolean }) => !u.isDemo)).toBe(true);
  });

  it('lists children in Vietnamese order, not byte order', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/org-units/20/children?limit=100' });
    const names: string[] = res.json().items.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
    expect(names.indexOf('Bắc Sơn')).toBeLessThan(names.indexOf('Bình Gia'));
  });

  it.each([
    ['kien moc', '06625'],
    ['Kiên Mộc', '06625'],
    ['nhat hoa', '06376'],
    ['Nhất Hoà', '06376'],
    ['NHẤT HÒA', '06376'],
    ['dinh lap', '06613'],
  ])('search %j finds commune %s', async (text, code) => {
    const res = await app.inject({ method: 'GET', url: `/api/org-units?search=${encodeURIComponent(text)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { code: string }) => u.code)).toContain(code);
  });

  it('describes a commune with its province above it and its predecessors', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/org-units/06625' });
    const unit = res.json();
    expect(unit.fullName).toBe('Xã Kiên Mộc');
    expect(unit.ancestors.map((a: { code: string }) => a.code)).toEqual(['20']);
    expect(unit.path).toBe('20.06625');
    expect(unit.details.predecessors.length).toBeGreaterThan(0);
  });

  it('serves the 65 communes’ boundaries as GeoJSON for an offline map', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/boundaries/communes' });
    expect(res.headers['content-type']).toMatch(/geo\+json/);
    const geo = JSON.parse(res.body);
    expect(geo.features).toHaveLength(65);
    expect(geo.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('06625');
    // A phone's browser gets it compressed, a day in its cache.
    const compressed = await app.inject({ method: 'GET', url: '/api/boundaries/communes', headers: { 'accept-encoding': 'br, gzip' } });
    expect([compressed.headers['content-encoding'], compressed.headers['cache-control']]).toEqual(['br', 'public, max-age=86400']);
    expect(JSON.parse(brotliDecompressSync(compressed.rawPayload).toString('utf8'))).toEqual(geo);
    expect(compressed.rawPayload.length).toBeLessThan(res.rawPayload.length / 3);
  });

  it('answers an unknown code with 404 in the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/org-units/99999' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'org_unit.not_found', field: 'code' });
    expect(res.json().error.message.vi).toContain('99999');
  });

  it('rejects a malformed code with 400 naming the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/org-units/abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('code');
  });

  it('gives each child its point for the map, and null (not 0, 0) when the point is unknown', async () => {
    const communes = await app.inject({ method: 'GET', url: '/api/org-units/20/children?limit=100' });
    const kienMoc = communes.json().items.find((u: { code: string }) => u.code === '06625');
    expect(kienMoc.location).toEqual({ latitude: expect.any(Number), longitude: expect.any(Number) });

    const village = (code: string, name: string, point: { latitude: number; longitude: number } | null) => ({
      code,
      parent_code: '06625',
      level: 3,
      kind: 'thon' as const,
      name,
      full_name: `Thôn ${name}`,
      search_name: name.toLowerCase(),
      path: childPath('20.06625', code),
      province_code: '20',
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
    });
    await upsertOrgUnits(handle.db, [village('06625901', 'Điểm Có', { latitude: 21.64, longitude: 107.23 }), village('06625902', 'Điểm Chưa', null)]);
    const res = await app.inject({ method: 'GET', url: '/api/org-units/06625/children' });
    expect(res.statusCode).toBe(200);
    const byCode = new Map(res.json().items.map((u: { code: string; location: unknown }) => [u.code, u.location]));
    expect(byCode.get('06625901')).toEqual({ latitude: 21.64, longitude: 107.23 });
    expect(byCode.get('06625902')).toBeNull();
  });

  it('serves an OpenAPI document built from the route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/org-units/{code}', '/api/org-units/{code}/children']));
  });
});
