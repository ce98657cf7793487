import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { registerVillagePayees } from '../../testing/payee-access-kit.ts';
import { csvFile } from '../../testing/test-files.ts';
import { TRANSFER_RECEIVED } from './index.ts';

registerVillagePayees();

/**
 * Bank statements bring in what the webhooks missed, on both engines: a transfer already received
 * (by webhook, or an earlier statement) is never credited again, and a webhook arriving after the
 * statement finds its transfer there.
 */
describe.each(testEngines())('bank statements on %s', (engine) => {
  const ACCOUNT = '4608205123456';
  let t: TestApp;
  let officer: TestSession;
  let otherOfficer: TestSession;
  let feed: { id: string; webhookUrl: string };
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { secretKey: randomBytes(32) });
    const langDong = await t.addVillage('06376', 7, 'Lăng Đồng');
    officer = await t.signIn({ username: 'canbo.nhathoa', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    otherOfficer = await t.signIn({ username: 'canbo.kienmoc', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    const created = (await t.as(officer, 'POST', `/api/payments/payees/village/${langDong}/feeds`, { provider: 'sepay', accountNumber: ACCOUNT })).json();
    feed = created.feed;
    secret = created.secret;
    // Two transfers the webhook did deliver.
    await notify(1, '2026-03-10 09:15:02', 150_000, 'Thanh toán DH7K2M9Q', 'FT26069001');
    await notify(2, '2026-03-10 11:40:00', 80_000, 'Mua mật ong rừng', null);
  });
  afterAll(() => t?.close());

  async function notify(id: number, at: string, amount: number, content: string, referenceCode: string | null) {
    const body = { id, gateway: 'Agribank', transactionDate: at, accountNumber: ACCOUNT, content, transferType: 'in', transferAmount: amount, referenceCode };
    return (
      await t.app.inject({ method: 'POST', url: new URL(feed.webhookUrl).pathname, headers: { authorization: `Apikey ${secret}` }, payload: body })
    ).json();
  }

  const upload = (who: TestSession, bytes: Buffer, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/payments/feeds/${feed.id}/statements${query}`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });

  async function written() {
    const { db } = t.handle;
    const transfers = await db
      .selectFrom('bank_transfer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('outbox_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('topic', '=', TRANSFER_RECEIVED)
      .executeTakeFirstOrThrow();
    return { transfers: Number(transfers.n), events: Number(events.n) };
  }

  // As Agribank's e-banking exports it: title lines, then the table; money out in its own column; a
  // total line. Saved as CSV by Excel, every line is padded to the table's width.
  const padded = (lines: string[][]) => lines.map((cells) => [...cells, ...Array<string>(Math.max(0, 7 - cells.length)).fill('')]);
  const agribankCsv = (lines: string[][]) =>
    csvFile(
      padded([
        ['NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM'],
        ['SAO KÊ TÀI KHOẢN', ACCOUNT],
        ['Từ ngày 10/03/2026 đến ngày 11/03/2026'],
        ['STT', 'Ngày giao dịch', 'Số tham chiếu', 'Ghi nợ', 'Ghi có', 'Số dư', 'Nội dung'],
        ...lines,
        ['', '', '', '30.000', '610.000', '', 'Tổng cộng'],
      ]),
      'utf-8-bom',
    );
  const statement = agribankCsv([
    ['1', '10/03/2026 09:15:02', 'FT26069001', '', '150.000', '1.150.000', 'THANH TOAN DH7K2M9Q'],
    ['2', '10/03/2026 11:40:00', '', '', '80.000', '1.230.000', 'MUA MAT ONG RUNG'],
    ['3', '10/03/2026 15:00:00', 'FT26069003', '30.000', '', '1.200.000', 'Phí dịch vụ SMS'],
    ['4', '11/03/2026 08:05:00', 'FT26070004', '', '300.000', '1.500.000', 'Chuyển tiền mua thuốc nam'],
    ['5', '11/03/2026 10:30:00', '', '', '80.000', '1.580.000', 'Mua mật ong rừng'],
  ]);

  it('a dry run says what would be imported, and writes nothing', async () => {
    const before = await written();
    const res = await upload(officer, statement, '?dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ credits: 4, skipped: 2, alreadyReceived: 2, imported: 2, transferIds: [], dryRun: true });
    expect(await written()).toEqual(before);
  });

  it('imports the credits the webhook missed, each with its event, and none it delivered', async () => {
    const before = await written();
    const res = await upload(officer, statement);
    expect(res.json()).toMatchObject({ credits: 4, skipped: 2, alreadyReceived: 2, imported: 2, dryRun: false });
    expect(await written()).toEqual({ transfers: before.transfers + 2, events: before.events + 2 });
    const imported = await t.handle.db.selectFrom('bank_transfer').selectAll().where('id', 'in', res.json().transferIds).orderBy('occurred_at').execute();
    expect(imported.map((r) => [r.amount, r.content, r.bank_reference, r.source, r.provider_transaction_id, new Date(r.occurred_at).toISOString()])).toEqual([
      [300_000, 'Chuyển tiền mua thuốc nam', 'FT26070004', 'statement', null, '2026-03-11T01:05:00.000Z'],
      [80_000, 'Mua mật ong rừng', null, 'statement', null, '2026-03-11T03:30:00.000Z'],
    ]);
    expect(imported[0]!.raw).toMatchObject({ statementRow: 8, cells: { 'Ghi có': '300.000', 'Số tham chiếu': 'FT26070004' } });
  });

  it('the same statement again credits nothing', async () => {
    const before = await written();
    expect((await upload(officer, statement)).json()).toMatchObject({ credits: 4, alreadyReceived: 4, imported: 0 });
    expect(await written()).toEqual(before);
  });

  it('a workbook of overlapping days, with real date and number cells, adds only what is new', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sao ke');
    sheet.addRow(['SAO KÊ TÀI KHOẢN ' + ACCOUNT]);
    sheet.addRow([]);
    sheet.addRow(['Ngày GD', 'Mã giao dịch', 'Số tiền ghi có', 'Số tiền ghi nợ', 'Diễn giải']);
    sheet.addRow([new Date(Date.UTC(2026, 2, 11, 8, 5, 0)), 'FT26070004', 300000, null, 'Chuyen tien mua thuoc nam']);
    sheet.addRow([new Date(Date.UTC(2026, 2, 12, 7, 0, 0)), 'FT26071009', 45000, null, 'DH3QX8RTA']);
    const before = await written();
    const res = await upload(officer, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(res.json()).toMatchObject({ credits: 2, alreadyReceived: 1, imported: 1 });
    expect(await written()).toEqual({ transfers: before.transfers + 1, events: before.events + 1 });
  });

  it('a webhook arriving after the statement finds its transfer there and credits nothing', async () => {
    const before = await written();
    const late = await notify(9, '2026-03-11 08:05:00', 300_000, 'Chuyển tiền mua thuốc nam', 'FT26070004');
    expect(late).toMatchObject({ success: true, outcome: 'duplicate' });
    const lateByKey = await notify(10, '2026-03-11 10:30:00', 80_000, 'Mua mat ong rung', null);
    expect(lateByKey).toMatchObject({ success: true, outcome: 'duplicate' });
    // Its copy is then a replay of that provider id.
    expect(await notify(10, '2026-03-11 10:30:00', 80_000, 'Mua mat ong rung', null)).toMatchObject({ outcome: 'duplicate', transferId: lateByKey.transferId });
    expect(await written()).toEqual(before);
  });

  it('refuses a statement with bad rows, listing every one, and writes nothing', async () => {
    const before = await written();
    const res = await upload(
      officer,
      agribankCsv([
        ['1', '12/03/2026', 'FT1', '', '10.000', '', 'ok'],
        ['2', '31/02/2026', 'FT2', '', '20.000', '', 'ngày không có'],
        ['3', '12/03/2026', 'FT3', '', '20.000,50', '', 'tiền lẻ'],
      ]),
    );
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.issues.map((i: { row: number; field: string }) => [i.row, i.field])).toEqual([
      [6, 'date'],
      [7, 'credit'],
    ]);
    expect(error.message.vi.length).toBeGreaterThan(0);
    expect(await written()).toEqual(before);
  });

  it.each([
    [
      'a file with no transaction table',
      () =>
        csvFile(
          [
            ['Họ tên', 'Số điện thoại'],
            ['Bà Lý', '0912345678'],
          ],
          'utf-8',
        ),
      400,
      'statement.no_table',
    ],
    ['a statement of money out only', () => agribankCsv([['1', '12/03/2026', 'FT1', '10.000', '', '', 'phí']]), 400, 'statement.no_credits'],
  ])('refuses %s', async (_name, file, status, code) => {
    const res = await upload(officer, file());
    expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
  });

  it('refuses an officer of another commune, and writes nothing', async () => {
    const before = await written();
    const res = await upload(otherOfficer, statement);
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'auth.forbidden']);
    expect(await written()).toEqual(before);
  });
});
