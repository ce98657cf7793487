import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province: Hin Đăm has its demo team, and the Kiên Mộc officer a one-time password.
const suite = appInBrowser('e2e-accounts-admin-1');

const HIN_DAM = '06625001';
const OFFICER_PASSWORD = 'kien-moc-accounts-2025';
const MEMBER_PASSWORD = 'hin-dam-cua-toi-2025';
const WANTED = 20;
const FAMILIES = ['Hoàng', 'Lộc', 'Vi', 'Nông', 'Lương', 'Chu', 'Hà', 'Triệu', 'Mã', 'Đinh'];
const GIVEN = ['Thị Mai', 'Văn Sơn', 'Thị Hằng', 'Văn Bình', 'Thị Thu'];
const NEW_MEMBERS = GIVEN.flatMap((given) => FAMILIES.map((family) => `${family} ${given}`));

interface Roster {
  members: { memberId: string; displayName: string; accountId: string | null }[];
}

/** The officer's session does the writes a test needs set up, with its own CSRF token. */
async function apiWrite(page: Page, url: string, body: unknown): Promise<void> {
  const me = await page.request.get('/api/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const response = await page.request.post(url, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

async function openMembers(page: Page): Promise<number> {
  const response = await page.request.get(`/api/villages/${HIN_DAM}/team/accounts`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as Roster).members.filter((m) => m.accountId === null).length;
}

/** Pages in a PDF as Chromium prints it: each page object is one `/Type /Page` entry. */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

describe('account administration in the browser', () => {
  let slip: { username: string; password: string } | null = null;

  it('lets the Kiên Mộc officer make twenty team members’ accounts from Hin Đăm’s roster and print their slips', { timeout: 300_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto('/dang-nhap?next=%2Ftai-khoan');
    await logInFirstTime(page, suite.app, 'canbo.kienmoc', OFFICER_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/tai-khoan');
    await page.getByRole('heading', { level: 1, name: 'Tài khoản' }).waitFor();
    await page.locator('table.table-accounts').getByText('canbo.kienmoc').waitFor();
    // The account menu offers the page to an officer.
    await page.locator('.account-menu summary').click();
    await page.locator('.account-menu').getByRole('link', { name: 'Tài khoản' }).waitFor();
    await page.locator('.account-menu summary').click();

    // At least twenty members without an account in Hin Đăm's team: the demo's, and more added through the API.
    for (const name of NEW_MEMBERS) {
      if ((await openMembers(page)) >= WANTED) break;
      await apiWrite(page, `/api/villages/${HIN_DAM}/team/members`, { displayName: name, sex: 'female', joinedOn: '2025-09-01' });
    }
    const open = await openMembers(page);
    expect(open).toBeGreaterThanOrEqual(WANTED);

    await page.getByRole('link', { name: 'Tạo tài khoản từ danh sách tổ' }).click();
    await page.getByLabel('Thôn, bản').selectOption(HIN_DAM);
    await page.getByRole('group', { name: /Thành viên tổ/ }).waitFor();
    await page.getByLabel('Chọn tất cả thành viên chưa có tài khoản').check();
    expect(await axeViolations(page, 'roster-accounts')).toEqual([]);
    await shoot(page, 'accounts-1-roster');
    await page.getByRole('button', { name: `Tạo ${open} tài khoản` }).click();

    const slips = page.locator('.slip');
    await page.getByText(`Đã tạo ${open} tài khoản`).waitFor({ timeout: 60_000 });
    expect(await slips.count()).toBe(open);
    const first = slips.first();
    expect(await first.innerText()).toContain('Hin Đăm');
    expect(await first.innerText()).toContain(`${new URL(suite.app.baseUrl).origin}/thuc-dia`);
    const secrets = await first.locator('.slip-secret').allInnerTexts();
    expect(secrets[1]).toMatch(/^[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}$/);
    slip = { username: secrets[0] ?? '', password: secrets[1] ?? '' };
    expect(await axeViolations(page, 'slips')).toEqual([]);
    await shoot(page, 'accounts-2-slips-screen');

    // Printed: the slips alone, eight to an A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'In phiếu' }).isVisible()).toBe(false);
    await shoot(page, 'accounts-3-slips-print');
    const pages = pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    expect(pages).toBe(Math.ceil(open / 8));
    await page.emulateMedia({ media: 'screen' });

    // Every account is on the list now, waiting for its first log-in.
    await page.goto('/tai-khoan');
    await page.getByLabel('Tìm theo tên hoặc tên đăng nhập').fill(slip.username);
    const row = page.locator('table.table-accounts tbody tr', { hasText: slip.username });
    await row.getByText('Chưa đổi mật khẩu dùng một lần').waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Phiên đăng nhập đang mở' }).waitFor();
    expect(await axeViolations(page, 'account')).toEqual([]);
    await shoot(page, 'accounts-4-account');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('makes the new team member change the one-time password on the phone before anything else', { timeout: 180_000 }, async () => {
    expect(slip).not.toBeNull();
    const { username, password } = slip!;
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE, { isMobile: true, hasTouch: true });
    await page.goto('/dang-nhap?next=%2Fthuc-dia');
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    await page.waitForURL((url) => url.pathname === '/doi-mat-khau');

    // The server refuses the village's data until then, and the app goes back to the password page.
    const refused = await page.request.get(`/api/villages/${HIN_DAM}/households`);
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('auth.password_change_required');
    await page.goto(`/don-vi/${HIN_DAM}`);
    await page.waitForURL((url) => url.pathname === '/doi-mat-khau');
    await page.getByLabel('Mật khẩu hiện tại', { exact: true }).waitFor();
    await shoot(page, 'accounts-5-phone-password', false);

    await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(password);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(MEMBER_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForURL((url) => url.pathname !== '/doi-mat-khau');
    expect((await page.request.get(`/api/villages/${HIN_DAM}/households`)).status()).toBe(200);
    await page.goto('/thuc-dia');
    await page.locator('.field-village').getByText('Hin Đăm').waitFor({ timeout: 60_000 });
    await shoot(page, 'accounts-6-phone-field', false);

    // The one 403 is the app's own request made while it still held the one-time password.
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    await context.close();
  });
});
