import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { authorize } from '../accounts/index.ts';
import { findOrgUnit, orgUnitNotFound } from '../territory/index.ts';
import { folderMediaStore, registerMediaOwnerAccess, renderShareCard } from './index.ts';

/** A small real policy: a village's pictures are added by whoever may change the territory there. */
registerMediaOwnerAccess('village', {
  async authorizeUpload(db, actor, ownerId) {
    const unit = await findOrgUnit(db, ownerId);
    if (!unit) throw orgUnitNotFound(ownerId);
    return { actor: await authorize(db, actor, 'territory:write', unit, { entity: 'org_unit', entityId: ownerId }), unit };
  },
});

/** A camera's JPEG: noise (so it compresses like a photo), held sideways (EXIF orientation 6), with a GPS position. */
const cameraJpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Phone', Model: 'A15' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 50/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 45/1 36/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();

/** Whether an EXIF block (TIFF layout) has a GPS directory: tag 0x8825 in its first directory. */
function hasGpsDirectory(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const first = u32(4);
  return Array.from({ length: u16(first) }, (_, i) => u16(first + 2 + i * 12)).includes(0x8825);
}

/** A valid 1×1 PNG whose header claims another size: a decompression bomb's shape, without its weight. */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe.each(testEngines())('product photos on %s', (engine) => {
  let t: TestApp;
  let folder: string;
  let hinDam: string;
  let officer: TestSession;
  let otherOfficer: TestSession;
  let teamMember: TestSession;

  const upload = (session: TestSession | null, bytes: Buffer, { type = 'image/jpeg', owner = hinDam, kind = 'village' } = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/media/photos?ownerKind=${kind}&ownerId=${owner}`,
      headers: { 'content-type': type, ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}) },
      payload: bytes,
    });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'banso-media-'));
    t = await startTestApp(engine, { mediaStore: folderMediaStore(folder) });
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    otherOfficer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    teamMember = await t.signIn({ username: 'doi.hd', displayName: 'Tổ Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
  });
  afterAll(async () => {
    await t?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('stores a camera photo upright, without its EXIF and GPS, as WebP at 200, 320, 640 and 1200 px and a JPEG at 640, served immutable', async () => {
    const original = await cameraJpeg(1600, 1200);
    expect(hasGpsDirectory((await sharp(original).metadata()).exif)).toBe(true);

    const res = await upload(officer, original, { type: 'application/octet-stream' });
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    // Held sideways: 1600×1200 as stored, 1200×1600 upright.
    expect(photo).toMatchObject({ width: 1200, height: 1600 });
    expect(photo.variants.map((v: { width: number; height: number }) => [v.width, v.height])).toEqual([
      [200, 267],
      [320, 427],
      [640, 853],
      [1200, 1600],
    ]);

    expect(photo.fallback).toMatchObject({ width: 640, height: 853 });
    for (const variant of [...photo.variants, photo.fallback]) {
      const served = await t.app.inject({ method: 'GET', url: variant.url });
      expect(served.statusCode).toBe(200);
      const format = variant === photo.fallback ? 'jpeg' : 'webp';
      expect(served.headers['content-type']).toBe(`image/${format}`);
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const stored = await sharp(served.rawPayload).metadata();
      expect(stored).toMatchObject({ format, width: variant.width, height: variant.height });
      expect(stored.exif).toBeUndefined();
      expect(stored.orientation).toBeUndefined();
    }
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'org_unit_code'])
      .where('action', '=', 'media:upload')
      .where('entity_id', '=', photo.id)
      .execute();
    expect(audit).toEqual([{ actor_name: 'officer.km', org_unit_code: hinDam }]);

    // The same file again is the same photo: found by its content, nothing stored twice.
    const before = await filesIn(folder);
    const again = await upload(officer, original);
    expect(again.json().id).toBe(photo.id);
    expect(await filesIn(folder)).toEqual(before);
  });

  it('keeps a photo narrower than 200 px at its own width', async () => {
    const res = await upload(
      officer,
      await sharp({ create: { width: 150, height: 100, channels: 3, background: '#2d6a4f' } })
        .png()
        .toBuffer(),
      { type: 'image/png' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().variants.map((v: { width: number }) => v.width)).toEqual([150]);
    expect(res.json().fallback.width).toBe(150);
  });

  describe('refuses, in Vietnamese and English, and stores nothing', () => {
    const refusals: Array<[string, () => Promise<Buffer>, number, string]> = [
      [
        'a PDF renamed .jpg',
        async () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
        400,
        'media.photo_unsupported_type',
      ],
      ['a tiny PNG declaring 20000×20000', () => pngDeclaring(20_000, 20_000), 400, 'media.photo_too_many_pixels'],
      // Under sharp's own default limit (268 MP): only ours refuses it.
      ['a PNG declaring 8000×6000 (48 MP)', () => pngDeclaring(8_000, 6_000), 400, 'media.photo_too_many_pixels'],
      ['an 11 MB file', async () => Buffer.concat([await cameraJpeg(400, 300), Buffer.alloc(11 * 1024 * 1024)]), 413, 'media.photo_too_large'],
      ['a JPEG cut short', async () => (await cameraJpeg(800, 600)).subarray(0, 2_000), 400, 'media.photo_unreadable'],
    ];

    it.each(refusals)('%s', async (_name, make, status, code) => {
      const before = await filesIn(folder);
      const bytes = await make();
      const started = performance.now();
      const res = await upload(officer, bytes);
      const ms = performance.now() - started;
      expect(res.statusCode, res.body).toBe(status);
      const { error } = res.json();
      expect(error.code).toBe(code);
      expect(error.message.vi).toMatch(/\p{L}/u);
      expect(error.message.en).toMatch(/\p{L}/u);
      expect(error.message.vi).not.toBe(error.message.en);
      expect(await filesIn(folder)).toEqual(before);
      // 400 megapixels decoded would take seconds and 1.6 GB: the header alone is read.
      if (code === 'media.photo_too_many_pixels') expect(ms).toBeLessThan(1_000);
    });
  });

  it('asks the owner’s module who may add pictures: others are refused, and nothing is stored', async () => {
    const before = await filesIn(folder);
    const bytes = await cameraJpeg(640, 480);
    expect((await upload(null, bytes)).statusCode).toBe(401);
    expect((await upload(teamMember, bytes)).json().error.code).toBe('auth.forbidden');
    expect((await upload(otherOfficer, bytes)).json().error.code).toBe('auth.forbidden');
    expect((await upload(officer, bytes, { owner: '06625999' })).json().error.code).toBe('org_unit.not_found');
    expect((await upload(officer, bytes, { kind: 'boat' })).json().error.code).toBe('media.unknown_owner_kind');
    expect(await filesIn(folder)).toEqual(before);
  });

  it('serves a share card by its key as PNG, and documents its routes', async () => {
    const { key } = await renderShareCard(folderMediaStore(folder), {
      title: 'Mật ong rừng',
      priceDong: 180_000,
      shopName: 'HTX Kiên Mộc',
      village: 'Hin Đăm',
    });
    const served = await t.app.inject({ method: 'GET', url: `/media/${key}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/media/photos', '/media/{key}']));
  });

  it('answers 404 in the error shape for a key it does not hold or could not hold', async () => {
    for (const url of ['/media/0123456789abcdef0123456789abcdef-640.webp', '/media/..%2F..%2Fpackage.json', '/media/nothing.png']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'media.not_found', message: { vi: expect.any(String), en: expect.any(String) } });
    }
  });
});
