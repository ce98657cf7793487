import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../src/platform/dates.ts';
import { DESKTOP } from './app-server.ts';
import type { Page } from 'playwright-core';
import { appInBrowser, axeViolations, logInWithOneTimePassword, openPage, shoot } from './browser-kit.ts';

const TOKEN = 'e2e-national-exchange-token-01';
const NATIONAL_ADMIN_PASSWORD = 'quan-tri-quoc-gia-2025';
const OFFICER_PASSWORD = 'can-bo-quoc-gia-2025';
/** A pull now answers within the link's timeout, but the embedded database may be busy with the server's own jobs on a loaded machine. */
const PULL_WAIT = 90_000;
const LAST_YEAR = Number(todayInVietnam().slice(0, 4)) - 1;

/**
 * One server plays both parts: Lạng Sơn's province server (its demo, its exchange) and the
 * national instance that pulls from it over HTTP; Cao Bằng (04) is linked to a port where nothing
 * listens, a province that does not answer.
 */
const suite = appInBrowser('e2e-national-password-1', {
  env: { BANSO_EXCHANGE_TOKEN: TOKEN },
  before: (port) => [
    ['territory', 'load', '--national'],
    ['national', 'link', '20', `http://127.0.0.1:${port}`, '--token', TOKEN],
    ['national', 'link', '04', 'http://127.0.0.1:9', '--token', TOKEN, '--timeout-ms', '2000'],
    ['user', 'add', 'quantri.vn', '--role', 'national_admin', '--unit', 'VN', '--name', 'Quản trị quốc gia', '--password', NATIONAL_ADMIN_PASSWORD],
  ],
});

/** The server's schedule pulls every linked province at start: waits until both pulls are done (Lạng Sơn answering, Cao Bằng not). */
async function pullsDone(baseUrl: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const card = (await (await fetch(`${baseUrl}/api/national/scorecard`)).json()) as {
          provinces: { code: string; freshness: { status: string } | null }[];
        };
        return ['20', '04'].map((code) => card.provinces.find((p) => p.code === code)?.freshness?.status);
      },
      { timeout: 90_000, interval: 1000 },
    )
    .toEqual(['ok', 'unreachable']);
}

describe('the nation', () => {
  it('ranks the provinces with each one’s freshness, marks the one not answering, and drills down to a commune’s villages', { timeout: 120_000 }, async () => {
    await pullsDone(suite.app.baseUrl);
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto('/toan-quoc');
    await page.getByLabel('Năm', { exact: true }).selectOption(String(LAST_YEAR));
    await page.getByText('Tính từ số liệu của 1/34 tỉnh (2 tỉnh đã kết nối).').waitFor();

    const league = page.getByRole('table', { name: `Xếp hạng các tỉnh: Hộ có cáp quang tại nhà (%), năm ${LAST_YEAR}` });
    const langSon = league.getByRole('row', { name: /Lạng Sơn/ });
    await expect.poll(() => langSon.innerText()).toMatch(/^1\s+Lạng Sơn\s+\d{1,3},\d%\s+\d\d\/\d\d\/\d{4} \d\d:\d\d\s+Mới$/);
    // Cao Bằng is linked but does not answer: marked, with no value and no rank, never a zero.
    expect(await league.getByRole('row', { name: /Cao Bằng/ }).innerText()).toMatch(/^—\s+Cao Bằng\s+chưa có số liệu\s+chưa lần nào\s+Không trả lời$/);
    expect(await league.getByRole('row', { name: /Hà Nội/ }).innerText()).toMatch(/Chưa kết nối$/);
    await page.locator('.nat-map path.dash-map-stop').first().waitFor();
    expect(await axeViolations(page, 'national league')).toEqual([]);
    await shoot(page, 'national-1-league');

    // English one click away.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('table', { name: `Provinces ranked: Households with fibre at home (%), ${LAST_YEAR}` }).waitFor();
    expect(await page.getByRole('row', { name: /Cao Bằng/ }).innerText()).toMatch(/Not answering$/);
    await page.getByRole('button', { name: 'VI' }).click();

    // Cao Bằng: no outline shipped, so its communes are points; its villages are asked of its server, which does not answer.
    await page.getByRole('button', { name: 'Xem các xã của Cao Bằng' }).click();
    await page.getByRole('heading', { name: 'Bản đồ các xã, phường của Cao Bằng: Hộ có cáp quang tại nhà (%)' }).waitFor();
    await page.getByText(/Số liệu của tỉnh này lấy lúc chưa lần nào và có thể đã cũ \(Không trả lời\)/).waitFor();
    const points = page.locator('#nat-commune-map ~ .nat-map path.dash-map-stop');
    await points.first().waitFor();
    expect(await points.count()).toBeGreaterThan(50);
    expect(await page.locator('#nat-commune-map ~ .nat-map path.leaflet-interactive').count()).toBe(await points.count());
    const point = page.locator('#nat-commune-map ~ .nat-map path[aria-label^="Hòa An: "]');
    expect(await point.getAttribute('aria-label')).toBe('Hòa An: chưa có số liệu');
    await point.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Các thôn, bản của Hòa An/ }).waitFor();
    await page.locator('section[aria-labelledby="nat-villages"] [role="alert"], section[aria-labelledby="nat-villages"] .notice').first().waitFor();
    expect(await axeViolations(page, 'national province of points')).toEqual([]);
    await shoot(page, 'national-2-cao-bang-points');

    // Lạng Sơn: its communes by their outlines, Kiên Mộc's villages read from its server now.
    await page.getByRole('button', { name: '← Tất cả các tỉnh' }).click();
    await page.getByRole('button', { name: 'Xem các xã của Lạng Sơn' }).click();
    await page.locator('#nat-commune-map ~ .nat-map path[aria-label^="Kiên Mộc: "]').click();
    const villages = page.locator('section[aria-labelledby="nat-villages"] table');
    await villages.getByRole('row', { name: /Hin Đăm/ }).waitFor();
    expect(await villages.getByRole('row', { name: /Hin Đăm/ }).innerText()).toMatch(/\d{1,3},\d%$/);
    expect(await axeViolations(page, 'national province of outlines')).toEqual([]);
    await shoot(page, 'national-3-lang-son-kien-moc');

    // The one fault expected: Cao Bằng's server not answering for its villages (a 504, said on the page).
    expect(problems.filter((p) => !/status of 504/.test(p))).toEqual([]);
    await context.close();
  });

  it(
    'lets the national administrator make a national officer’s account, edit, add and pull links; the officer reads them only',
    { timeout: 180_000 },
    async () => {
      const admin = await openPage(suite.browser, suite.app, DESKTOP);
      const page = admin.page;
      await page.goto('/dang-nhap?next=%2Ftai-khoan');
      await page.getByLabel('Tên đăng nhập', { exact: true }).fill('quantri.vn');
      await page.getByLabel('Mật khẩu', { exact: true }).fill(NATIONAL_ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
      await page.waitForURL((url) => url.pathname === '/tai-khoan');

      // The nation is her one place for an account, chosen already; the roles are the nation's.
      await page.getByRole('button', { name: 'Tạo một tài khoản' }).click();
      const form = page.getByRole('form', { name: 'Tạo tài khoản' });
      expect(await form.getByRole('radio', { name: /Việt Nam · cả nước · VN/ }).isChecked()).toBe(true);
      expect(await form.getByLabel(/Tìm xã, phường hoặc thôn/).count()).toBe(0);
      expect(
        await form
          .getByLabel('Vai trò')
          .locator('option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      ).toEqual(['national_officer', 'national_admin']);
      await form.getByLabel('Họ tên').fill('Nông Thị Quốc');
      await form.getByLabel('Tên đăng nhập').fill('canbo.quocgia');
      await form.getByLabel('Vai trò', { exact: true }).selectOption('national_officer');
      expect(await axeViolations(page, 'national account form')).toEqual([]);
      await shoot(page, 'national-4-officer-account');
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.getByText(/Đã tạo tài khoản canbo\.quocgia/).waitFor();
      const [username, oneTimePassword] = await page.locator('.slip .slip-secret').allInnerTexts();
      expect(username).toBe('canbo.quocgia');

      // The links: Cao Bằng's pointed at this server, which answers for Lạng Sơn's units: refused, said at once.
      await page.goto('/toan-quoc');
      const links = page.locator('section[aria-labelledby="nat-links"]');
      const linkRow = (name: string) => links.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });
      await linkRow('Cao Bằng').getByText('Không trả lời').waitFor();
      await links.getByRole('button', { name: 'Sửa kết nối của Cao Bằng' }).click();
      const linkForm = links.getByRole('form', { name: 'Kết nối của Cao Bằng' });
      await linkForm.getByLabel('Địa chỉ máy chủ của tỉnh').fill(suite.app.baseUrl);
      await linkForm.getByLabel('Chờ tối đa (giây)').fill('5');
      await linkForm.getByRole('button', { name: 'Lưu kết nối' }).click();
      await links.getByText('Đã lưu kết nối của Cao Bằng.').waitFor();
      await links.getByRole('button', { name: 'Lấy ngay số liệu của Cao Bằng' }).click();
      await links.getByText(/^Cao Bằng: Bị từ chối \(values for units outside province 04: /).waitFor({ timeout: PULL_WAIT });
      await expect.poll(() => linkRow('Cao Bằng').innerText()).toMatch(/Bị từ chối\s+values for units outside province 04/);
      await page
        .getByRole('table', { name: /^Xếp hạng các tỉnh/ })
        .getByRole('row', { name: /Cao Bằng/ })
        .getByText('Bị từ chối')
        .waitFor();

      // A new link: its token is asked for, then Hà Nội is pulled and does not answer.
      await links.getByRole('button', { name: 'Thêm kết nối' }).click();
      const newLink = links.getByRole('form', { name: 'Kết nối mới' });
      await newLink.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Hà Nội' });
      await newLink.getByLabel('Địa chỉ máy chủ của tỉnh').fill('http://127.0.0.1:9');
      await newLink.getByRole('button', { name: 'Lưu kết nối' }).click();
      await newLink.locator('#nat-link-token-problem').getByText('Cần điền mục này.').waitFor();
      await newLink.getByLabel(/Mã truy cập của tỉnh/).fill('ha-noi-exchange-token-0001');
      await newLink.getByRole('button', { name: 'Lưu kết nối' }).click();
      await links.getByText('Đã lưu kết nối của Hà Nội.').waitFor();
      await links.getByRole('button', { name: 'Lấy ngay số liệu của Hà Nội' }).click();
      await links.getByText(/^Hà Nội: Không trả lời/).waitFor({ timeout: PULL_WAIT });
      await linkRow('Hà Nội').getByText('Không trả lời').waitFor();

      // Lạng Sơn pulled now: its last good pull moves forward.
      const lastPull = () => linkRow('Lạng Sơn').locator('time').getAttribute('datetime');
      const before = await lastPull();
      await links.getByRole('button', { name: 'Lấy ngay số liệu của Lạng Sơn' }).click();
      await links.getByText(/^Lạng Sơn: đã lấy [\d.]+ giá trị\.$/).waitFor({ timeout: PULL_WAIT });
      await expect.poll(lastPull).not.toBe(before);
      expect(Date.parse((await lastPull())!)).toBeGreaterThan(Date.parse(before!));
      expect(await linkRow('Lạng Sơn').getByText('Mới').count()).toBe(1);
      expect(await axeViolations(page, 'national links, administrator')).toEqual([]);
      await shoot(page, 'national-5-links-administrator');
      await page.getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { name: 'Links to the province servers' }).waitFor();
      await links.getByRole('button', { name: 'Pull Lạng Sơn now' }).waitFor();
      await page.getByRole('button', { name: 'VI' }).click();
      expect(admin.problems).toEqual([]);
      await admin.context.close();

      // The officer reads every link and how it went, and can change none.
      const officer = await openPage(suite.browser, suite.app, DESKTOP);
      await officer.page.goto('/dang-nhap?next=%2Ftoan-quoc');
      await logInWithOneTimePassword(officer.page, username!, oneTimePassword!, OFFICER_PASSWORD);
      const officerLinks = officer.page.locator('section[aria-labelledby="nat-links"]');
      await officerLinks.getByRole('rowheader', { name: 'Hà Nội', exact: true }).waitFor();
      await officerLinks.getByText(/Chỉ quản trị cấp quốc gia mới thêm, sửa kết nối/).waitFor();
      expect(await officerLinks.getByRole('button').count()).toBe(0);
      expect(await refusedWrite(officer.page, 'POST', '/api/national/provinces/20/pull')).toBe(403);
      expect(await refusedWrite(officer.page, 'PUT', '/api/national/links/20', { baseUrl: 'http://127.0.0.1:9' })).toBe(403);
      expect(await axeViolations(officer.page, 'national links, officer')).toEqual([]);
      await shoot(officer.page, 'national-6-links-officer');
      expect(officer.problems).toEqual([]);
      await officer.context.close();
    },
  );
});

/** A write with the page's session and CSRF token, as the page would send it: its status. */
async function refusedWrite(page: Page, method: 'POST' | 'PUT', url: string, body?: unknown): Promise<number> {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.fetch(url, { method, data: body, headers: { 'x-csrf-token': csrfToken } });
  return response.status();
}
