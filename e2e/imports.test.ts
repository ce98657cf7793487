import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { csvFile } from '../testing/test-files.ts';
import { PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province; its first start creates the Kiên Mộc officer and prints a one-time password.
const suite = appInBrowser('e2e-imports-password-1');

const NEW_PASSWORD = 'kien-moc-imports-2025';
const HIN_DAM = '06625001';

/** The training sheet's headers, as the template writes them. */
const HEADER = [
  'ma_thon',
  'ngay_tap_huan',
  'chu_de',
  'dia_diem',
  'nguoi_huong_dan',
  'so_nguoi_tham_du',
  'nu',
  'nam',
  'duoi_15_tuoi',
  'tu_15_den_29_tuoi',
  'tu_30_den_59_tuoi',
  'tu_60_tuoi_tro_len',
];
// A place no demo training uses, so the records this test adds are told apart from the demo's.
const PLACE = 'Nhà văn hóa Hin Đăm (buổi nhập từ tệp)';

/** Two trainings typed from paper; the second one's women and men, when `mistake`, add up to 24 of 25. */
function trainingsFile(mistake: boolean): Buffer {
  return csvFile(
    [
      HEADER,
      [HIN_DAM, '14/11/2025', 'Định danh điện tử VNeID', PLACE, 'Tổ CNSCĐ Kiên Mộc', '25', '14', '11', '0', '6', '13', '6'],
      [HIN_DAM, '15/11/2025', 'Phòng chống lừa đảo trực tuyến', PLACE, 'Công an xã Kiên Mộc', '25', mistake ? '13' : '14', '11', '0', '6', '13', '6'],
    ],
    // Excel's plain "CSV" on a Vietnamese Windows: the hardest encoding, chosen explicitly on the page.
    'windows-1258',
  );
}

interface Training {
  heldOn: string;
  place: string;
  attendees: { total: number; female: number };
}

describe('the import page', () => {
  it('lets a commune officer download a template, see a bad row refused, then check and import the fixed file', { timeout: 240_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE, { acceptDownloads: true });
    await page.goto('/nhap-du-lieu');
    // Logged out: the page says who it is for and links to the log-in.
    await page.getByRole('link', { name: 'Đăng nhập' }).last().click();
    await logInFirstTime(page, suite.app, 'canbo.kienmoc', NEW_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/nhap-du-lieu');

    // The account menu leads here too.
    await page.goto('/');
    await page.locator('.account-menu summary').click();
    await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu' }).waitFor();

    // The visits template, as Excel opens it.
    await page.getByLabel('Lượt hỗ trợ tại hộ').check();
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tệp mẫu Excel (.xlsx): Lượt hỗ trợ tại hộ' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('banso-visits-mau.xlsx');
    const workbook = readFileSync((await template.path()) ?? '');
    expect([...workbook.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

    // A training sheet with one bad row: refused, the row listed with its column, nothing written.
    await page.getByLabel('Buổi tập huấn').check();
    const run = page.getByRole('button', { name: 'Nhập', exact: true });
    expect(await run.isDisabled()).toBe(true);
    await page.getByLabel('Tệp cần nhập').setInputFiles({ name: 'tap-huan-thang-11.csv', mimeType: 'text/csv', buffer: trainingsFile(true) });
    await page.getByLabel('Bảng mã chữ của tệp CSV').selectOption('windows-1258');
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    const refusal = page.locator('.imports-refusal');
    await refusal.getByRole('heading', { name: 'Tệp chưa được nhập' }).waitFor();
    expect(await refusal.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await refusal.innerText()).toMatch(/1 dòng có lỗi nên không dòng nào được ghi/);
    const rows = refusal.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/^3\s+nu\s+Nữ \(13\) \+ nam \(11\) phải bằng tổng số \(25\)\./);
    expect(await run.isDisabled()).toBe(true);
    expect(await axeViolations(page, 'imports-refused')).toEqual([]);
    await refusal.scrollIntoViewIfNeeded();
    await shoot(page, 'imports-phone-1-refused');

    // The fixed file: checked (nothing written yet), then imported.
    await page.getByLabel('Tệp cần nhập').setInputFiles({ name: 'tap-huan-thang-11.csv', mimeType: 'text/csv', buffer: trainingsFile(false) });
    expect(await refusal.count()).toBe(0);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Tệp hợp lệ' });
    await status.waitFor();
    expect(await status.innerText()).toMatch(/2 dòng[\s\S]*Thêm mới: 2[\s\S]*Cập nhật: 0[\s\S]*Đã có từ trước, giữ nguyên: 0/);
    expect(await listed(page, PLACE)).toEqual([]);
    await run.click();
    const done = page.getByRole('status').filter({ hasText: 'Đã nhập 2 dòng' });
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Thêm mới: 2[\s\S]*chỉ số của thôn, xã và tỉnh đã được cập nhật/);
    // One import per check: the button is off until the file is checked again.
    expect(await run.isDisabled()).toBe(true);
    expect(await axeViolations(page, 'imports-done')).toEqual([]);
    await shoot(page, 'imports-phone-2-imported');

    // Through the API: each training once, as typed.
    const recorded = await listed(page, PLACE);
    expect(recorded.map((training) => [training.heldOn, training.attendees.total, training.attendees.female]).sort()).toEqual([
      ['2025-11-14', 25, 14],
      ['2025-11-15', 25, 14],
    ]);

    // The same file again adds nothing: the check says both are already recorded.
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã có từ trước, giữ nguyên: 2' }).waitFor();
    expect(await listed(page, PLACE)).toHaveLength(2);

    // English, one click away.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Import data' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Already recorded, left as they are: 2' }).waitFor();
    expect(await axeViolations(page, 'imports-en')).toEqual([]);
    await page.getByRole('button', { name: 'VI', exact: true }).click();

    // The one refusal is the only failed request the page made.
    expect(problems).toEqual([expect.stringMatching(/status of 400/)]);
    await context.close();
  });
});

/** The trainings of Hin Đăm in November 2025 at this test's place, read with the page's own session. */
async function listed(page: Page, place: string): Promise<Training[]> {
  const response = await page.request.get(`/api/villages/${HIN_DAM}/trainings?from=2025-11-01&to=2025-11-30&limit=1000`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { items: Training[] };
  return body.items.filter((training) => training.place === place);
}
