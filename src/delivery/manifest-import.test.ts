import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngines } from '../../testing/test-database.ts';
import { csvFile } from '../../testing/test-files.ts';
import { countRows, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import type { TestSession } from '../../testing/test-app.ts';
import { findTrackingCodes } from './parcel.repository.ts';

// Watched, not replaced: when an import reads the carrier's codes.
vi.mock('./parcel.repository.ts', async (original) => {
  const actual = await original<typeof import('./parcel.repository.ts')>();
  return { ...actual, findTrackingCodes: vi.fn(actual.findTrackingCodes) };
});

const HEADER = ['Mã vận đơn', 'Người nhận', 'Số điện thoại', 'Mã thôn/bản', 'Địa chỉ', 'Tiền thu hộ', 'Khối lượng (gam)', 'Giao từ', 'Giao đến'];

describe.each(testEngines())('manifest import on %s', (engine) => {
  let w: DeliveryWorld;
  let twins: string[];
  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
    twins = [await w.t.addVillage('06625', 10, 'Nà Pò'), await w.t.addVillage('06637', 10, 'Nà Pò')];
  }, 180_000);
  afterAll(() => w?.t.close());

  const upload = (session: TestSession, rows: string[][], carrier = w.best, dryRun = false) =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/delivery/manifests?carrier=${carrier}&dryRun=${dryRun}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'text/csv' },
      payload: csvFile([HEADER, ...rows], 'utf-8-bom'),
    });

  it('refuses a file with unknown villages, repeated or taken tracking codes, bad amounts and windows, naming every bad row and writing nothing', async () => {
    const res = await upload(w.dispatcher, [
      ['BE001', 'Triệu Văn An', '0912 345 678', w.villages.hinDam, '', '250000', '800', '08:00', '11:00'],
      ['BE002', 'Lý Thị Bình', '0987654321', '06625999', '', '0', '500', '', ''],
      ['BE001', 'Hoàng Văn Cường', '0912345679', w.villages.naLang, '', '0', '500', '', ''],
      ['BE003', 'Nông Thị Dung', '0912345680', w.villages.naLang, '', '-5000', '500', '', ''],
      ['BE004', 'Vi Văn Đức', '0912345681', w.villages.naLang, '', '900000000', '500', '', ''],
      ['BE005', 'Lộc Thị Em', '0912345682', w.villages.banChu, '', '0', '500', '14:00', '09:00'],
      ['BE006', 'Hà Văn Phúc', '0912345683', w.villages.banChu, '', '0', '500', '25:00', '26:00'],
      ['BE007', 'Mã Thị Giang', '0912345684', '', 'Thôn Không Có, xã Kiên Mộc', '0', '500', '', ''],
    ]);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('import.invalid_rows');
    const found = error.issues.map((i: { row: number; code: string }) => [i.row, i.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        [3, 'import.unknown_village'],
        [4, 'import.duplicate_row'],
        [5, 'parcel.cod_negative'],
        [6, 'parcel.cod_too_large'],
        [7, 'parcel.window_invalid'],
        [8, 'manifest.bad_time'],
        [9, 'manifest.address_unmatched'],
      ]),
    );
    expect(error.message.vi).toContain('không dòng nào được ghi');
    expect(await countRows(w.t, 'parcel')).toBe(0);
    expect(await countRows(w.t, 'manifest')).toBe(0);
  });

  it('imports a good file whole, matches addresses without diacritics, and lists the ambiguous ones to settle by hand', async () => {
    const rows = [
      ['BE101', 'Triệu Văn An', '0912 345 678', w.villages.hinDam, '', '250000', '800', '08:00', '11:00'],
      ['BE102', 'Lý Thị Bình', '+84 987 654 321', '', 'Hin Dam, Kien Moc', '0', '1500', '', ''],
      ['BE103', 'Hoàng Văn Cường', '0912345679', '', 'Thôn Nà Pò, xã Châu Sơn', '120000', '500', '', ''],
      ['BE104', 'Nông Thị Dung', '0912345680', '', 'Na Po', '0', '500', '', ''],
    ];
    const dry = await upload(w.dispatcher, rows, w.best, true);
    expect(dry.json()).toMatchObject({ created: 4, dryRun: true, manifestId: null });
    expect(await countRows(w.t, 'parcel')).toBe(0);

    const res = await upload(w.dispatcher, rows);
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ rows: 4, created: 4, dryRun: false });
    expect(summary.unsettled).toEqual([
      { row: 5, trackingCode: 'BE104', address: 'Na Po', candidates: expect.arrayContaining(twins.map((code) => expect.objectContaining({ code }))) },
    ]);
    const parcels = await w.t.handle.db
      .selectFrom('parcel')
      .select(['tracking_code', 'village_code', 'phone', 'window_start'])
      .orderBy('tracking_code')
      .execute();
    expect(parcels).toEqual([
      { tracking_code: 'BE101', village_code: w.villages.hinDam, phone: '+84912345678', window_start: 480 },
      { tracking_code: 'BE102', village_code: w.villages.hinDam, phone: '+84987654321', window_start: 420 },
      { tracking_code: 'BE103', village_code: twins[1], phone: '+84912345679', window_start: 420 },
      { tracking_code: 'BE104', village_code: null, phone: '+84912345680', window_start: 420 },
    ]);

    const again = await upload(w.dispatcher, rows.slice(0, 1));
    expect(again.json().error.issues[0]).toMatchObject({ row: 2, code: 'manifest.tracking_code_taken' });

    const unsettled = await w.t.as(w.dispatcher, 'GET', `/api/delivery/parcels/unsettled?carrier=${w.best}`);
    const [waiting] = unsettled.json().items;
    expect(waiting.trackingCode).toBe('BE104');
    const settled = await w.t.as(w.dispatcher, 'POST', `/api/delivery/parcels/${waiting.id}/village`, { villageCode: twins[0] });
    expect(settled.json()).toMatchObject({ villageCode: twins[0] });
    expect((await w.t.as(w.dispatcher, 'GET', `/api/delivery/parcels/unsettled?carrier=${w.best}`)).json().items).toEqual([]);
  });

  it('reads no tracking codes before writing a good file, and still refuses a file with taken codes whole, listing each', async () => {
    const rows = ['BE201', 'BE202', 'BE203'].map((code, i) => [code, 'Triệu Văn An', `091234570${i}`, w.villages.hinDam, '', '0', '800', '', '']);
    vi.mocked(findTrackingCodes).mockClear();
    expect((await upload(w.dispatcher, rows.slice(0, 2))).statusCode).toBe(200);
    expect(findTrackingCodes).not.toHaveBeenCalled();
    const before = { parcels: await countRows(w.t, 'parcel'), manifests: await countRows(w.t, 'manifest') };
    const res = await upload(w.dispatcher, rows);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
      [2, 'manifest.tracking_code_taken'],
      [3, 'manifest.tracking_code_taken'],
    ]);
    // Read once, after the insert refused them, to name every row.
    expect(findTrackingCodes).toHaveBeenCalledTimes(1);
    expect({ parcels: await countRows(w.t, 'parcel'), manifests: await countRows(w.t, 'manifest') }).toEqual(before);
    // A dry run writes nothing, so it reads them.
    expect((await upload(w.dispatcher, rows, w.best, true)).json().error.issues).toHaveLength(2);
  });

  it('lets only the carrier’s own dispatcher import its manifests', async () => {
    const res = await upload(w.dispatcher, [['VT001', 'Triệu Văn An', '0912345678', w.villages.hinDam, '', '0', '800', '', '']], w.viettel);
    expect(res.statusCode).toBe(403);
    expect((await upload(w.courier, [['BE900', 'Triệu Văn An', '0912345678', w.villages.hinDam, '', '0', '800', '', '']])).statusCode).toBe(403);
  });
});
