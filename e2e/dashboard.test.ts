import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-dashboard-password-1';

const suite = appInBrowser(ADMIN_PASSWORD);

describe('the province dashboard', () => {
  it('shows the scorecard, the ranking, the map, the white spots and the trends, in Vietnamese then English', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/');
    await page.getByRole('link', { name: 'Bảng điều khiển' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển chuyển đổi số' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/bang-dieu-khien');
    await page.getByText(/^Dữ liệu mẫu: số liệu của tỉnh/).waitFor();

    // Scorecard: the report's headline indicators, a status badge, Vietnamese numbers.
    const fibre = page.locator('tr[data-indicator="HH_FIBER"]');
    await fibre.waitFor();
    await page.locator('tr[data-indicator="COV_3G_POP"]').waitFor();
    expect(await fibre.innerText()).toMatch(/\d+,\d%/);
    expect(await fibre.innerText()).toMatch(/thôn báo cáo/);
    await page.locator('.dash-status').first().waitFor();
    expect(await page.locator('.dash-status').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Đạt|Đúng lộ trình|Chậm/)]));
    expect(await page.locator('tr[data-indicator="SUB_SMARTPHONE"] .dash-value').innerText()).toMatch(/^\d{1,3}(\.\d{3})+$/);
    expect(await page.locator('.dash-spark').count()).toBeGreaterThan(5);
    // The community teams' indicators, declared by their module, are on the scorecard too.
    expect(await page.locator('tr[data-indicator="TEAM_TRAINED"]').innerText()).toMatch(/Thành viên tổ đã được tập huấn[\s\S]*\d+(,\d+)?%/);
    await page.locator('tr[data-indicator="VISITS_PER_HH"]').waitFor();
    expect(await axeViolations(page, 'scorecard')).toEqual([]);
    await shoot(page, 'dashboard-phone-1-scorecard');

    // Another year.
    await page.getByLabel('Năm', { exact: true }).selectOption('2021');
    await page.getByRole('heading', { name: 'Chỉ số của tỉnh năm 2021' }).waitFor();

    // League table: 65 communes and the province row; sort by value both ways.
    await page.getByRole('link', { name: 'Xếp hạng xã' }).click();
    const league = page.locator('table.dash-league');
    await league.waitFor();
    await league.locator('.dash-reference').getByText('Cả tỉnh Lạng Sơn').waitFor();
    expect(await league.locator('tbody tr').count()).toBe(66);
    const valueHeader = league.locator('th', { has: page.getByRole('button', { name: /Giá trị/ }) });
    await expect.poll(() => valueHeader.getAttribute('aria-sort')).toBe('descending');
    const values = async () =>
      (await league.locator('tbody tr:not(.dash-reference) td.num .dash-value').allInnerTexts()).map((text) => Number(text.replace(/\./g, '').replace(',', '.').replace('%', '')));
    const descending = await values();
    expect(descending.length).toBeGreaterThan(10);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.getByRole('button', { name: /Giá trị/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => valueHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await values();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await axeViolations(page, 'league')).toEqual([]);
    await page.locator('#lg-title').scrollIntoViewIfNeeded();
    await page.locator('.table-scroll').evaluate((element) => element.scrollTo(0, 0));
    await shoot(page, 'dashboard-phone-2-league', false);

    // Drill down: Kiên Mộc → its villages → Hin Đăm's page.
    await page.getByRole('button', { name: /Kiên Mộc/ }).click();
    await page.getByText('Các thôn của Kiên Mộc').waitFor();
    await page.getByRole('link', { name: /Hin Đăm/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
    await page.goBack();
    await page.getByText('Các thôn của Kiên Mộc').waitFor();

    // Map: it opens on the commune chosen in the ranking; back to the 65 commune outlines, coloured, with a legend.
    await page.getByRole('link', { name: 'Bản đồ' }).click();
    const map = page.locator('.dash-map');
    const communeShapes = map.locator('.leaflet-overlay-pane .leaflet-interactive');
    const villagePoints = map.locator('path.dash-village');
    await expect.poll(() => page.getByLabel('Xã, phường', { exact: true }).inputValue()).toBe('06625');
    await page.getByRole('button', { name: '← Về các xã, phường' }).click();
    await expect.poll(() => communeShapes.count(), { timeout: 20_000 }).toBe(65);
    await expect.poll(() => villagePoints.count()).toBe(0);
    await page.locator('.dash-legend').waitFor();
    expect(await axeViolations(page, 'map')).toEqual([]);
    await shoot(page, 'dashboard-phone-3-map');

    // Keyboard: Tab from the map reaches a commune, named with its value; Enter opens its villages.
    await map.focus();
    await page.keyboard.press('Tab');
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(await focusedName()).toMatch(/^(Xã|Phường) [^:]+: (\d+,\d%|Chưa có số liệu)$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('button');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('unit')).toMatch(/^\d{5}$/);
    await expect.poll(() => villagePoints.count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // Choose Kiên Mộc: its villages as points on the same scale, Hin Đăm among them.
    await page.getByLabel('Xã, phường', { exact: true }).selectOption('06625');
    await page.getByText(/^Các thôn của Kiên Mộc: \d+ điểm trên bản đồ/).waitFor();
    await expect.poll(() => villagePoints.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const hinDam = map.getByRole('link', { name: /^Bản Hin Đăm: (\d+,\d%|Chưa có số liệu)$/ });
    await hinDam.waitFor();
    expect(await page.locator('.dash-legend').innerText()).toContain('Thôn chưa có số liệu');
    expect(await axeViolations(page, 'map villages')).toEqual([]);
    await map.scrollIntoViewIfNeeded();
    await shoot(page, 'dashboard-phone-3b-villages', false);
    // With a commune open, Tab from the map reaches its villages first; Enter on one opens its page.
    await map.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('link');
    await hinDam.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
    await page.goBack();
    await hinDam.waitFor();

    // White spots of 2021: a list, filterable by operator.
    await page.getByRole('link', { name: 'Vùng lõm sóng' }).click();
    await page.getByLabel('Năm', { exact: true }).selectOption('2021');
    await page.getByRole('heading', { name: 'Vùng lõm sóng năm 2021' }).waitFor();
    const spots = page.locator('table.dash-white tbody tr');
    await spots.first().waitFor();
    const all = await spots.count();
    expect(all).toBeGreaterThan(0);
    await page.getByLabel('Nhà mạng có mặt').selectOption('viettel');
    await expect.poll(() => spots.count()).toBeLessThanOrEqual(all);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tải CSV' }).click();
    expect((await download).suggestedFilename()).toBe('vung-lom-song-2021-viettel.csv');
    expect(await axeViolations(page, 'white spots')).toEqual([]);
    await shoot(page, 'dashboard-phone-4-white-spots', false);

    // Trends, then compare two communes.
    await page.getByRole('link', { name: 'Xu hướng' }).click();
    await page.locator('svg.dash-chart polyline').first().waitFor();
    await page.getByLabel('So sánh hai xã').check();
    await expect.poll(() => page.locator('svg.dash-chart polyline').count(), { timeout: 10_000 }).toBe(2);
    expect(await axeViolations(page, 'trends')).toEqual([]);
    await shoot(page, 'dashboard-phone-5-trends');

    // English.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Digital transformation dashboard' }).waitFor();
    await page.getByRole('heading', { name: 'Trend 2021–2025: Households with fibre at home (%)' }).or(page.getByRole('heading', { name: /^Trend 2021–2025/ })).waitFor();
    await page.getByRole('link', { name: 'Indicators' }).click();
    await page.getByRole('columnheader', { name: 'Change since 2021' }).waitFor();
    await page.getByText(/villages reported/).first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the province administrator set a 2027 target, with clear messages when it cannot be saved', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/bang-dieu-khien');
    await page.locator('tr[data-indicator="HH_EPAY"]').waitFor();
    // A visitor sees the scorecard, not the form.
    expect(await page.getByRole('heading', { name: 'Đặt mục tiêu 2026–2030' }).count()).toBe(0);
    const epayTarget = page.locator('tr[data-indicator="HH_EPAY"] td').nth(1);
    expect(await epayTarget.innerText()).toContain('Chưa đặt');

    await page.goto('/dang-nhap?next=/bang-dieu-khien');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    const panel = page.locator('section[aria-labelledby="tg-title"]');
    await panel.getByRole('heading', { name: 'Đặt mục tiêu 2026–2030' }).waitFor();
    await panel.getByRole('cell', { name: '84,5%' }).waitFor();

    await panel.getByLabel('Chỉ số', { exact: true }).selectOption('HH_EPAY');
    await panel.getByLabel('Năm mục tiêu').selectOption('2027');
    // Checked before sending: a percentage above 100 is a slip, said next to the field.
    await panel.getByLabel('Giá trị mục tiêu').fill('150');
    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await panel.getByText('Tỷ lệ phần trăm phải từ 0 đến 100.').waitFor();
    expect(await panel.getByLabel('Giá trị mục tiêu').getAttribute('aria-invalid')).toBe('true');

    // The API's refusal, in its own words and the language on screen.
    await page.route('**/api/targets', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'auth.forbidden', message: { vi: 'Bạn không có quyền đặt mục tiêu cho đơn vị này.', en: 'You may not set targets for this unit.' } } }) })
        : route.fallback(),
    );
    await panel.getByLabel('Giá trị mục tiêu').fill('80,5');
    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    expect(await panel.getByRole('alert').innerText()).toBe('Bạn không có quyền đặt mục tiêu cho đơn vị này.');
    await page.unroute('**/api/targets');
    // The refused request is the only fault so far, and the suite.browser logs it.
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);

    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await panel.getByRole('status').getByText('Đã lưu mục tiêu năm 2027 của Cả tỉnh Lạng Sơn: Hộ có tài khoản thanh toán điện tử (%) 80,5%.').waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);
    const row = panel.locator('tr[data-target="HH_EPAY-2027"]');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Hộ có tài khoản thanh toán điện tử \(%\)\s+2027\s+80,5%\s+2021/);
    // And in the scorecard: 2025 has no target of its own, so the 2027 one is the yardstick.
    await expect.poll(() => epayTarget.innerText()).toMatch(/2027: 80,5%/);
    expect(await axeViolations(page, 'targets')).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, 'dashboard-phone-6-targets');

    await page.getByRole('button', { name: 'EN' }).click();
    await panel.getByRole('heading', { name: 'Set targets 2026–2030' }).waitFor();
    await panel.getByLabel('Target value').fill('-');
    await panel.getByRole('button', { name: 'Save target' }).click();
    await panel.getByText('The target value must be a number, e.g. 85,5.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lays out on a desktop and prints without the controls', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto('/bang-dieu-khien');
    await page.locator('tr[data-indicator="HH_FIBER"]').waitFor();
    await shoot(page, 'dashboard-desktop-1-scorecard');
    await page.goto('/bang-dieu-khien?tab=map');
    await expect.poll(() => page.locator('.dash-map .leaflet-interactive').count(), { timeout: 20_000 }).toBe(65);
    await page.waitForTimeout(300);
    await shoot(page, 'dashboard-desktop-2-map');

    await page.goto('/bang-dieu-khien?tab=league');
    await page.locator('table.dash-league tbody tr').nth(10).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.dash-tabs').isVisible()).toBe(false);
    expect(await page.locator('.dash-controls').isVisible()).toBe(false);
    expect(await page.locator('.dash-print-meta').innerText()).toMatch(/Ngày in: \d{2}\/\d{2}\/\d{4}/);
    await page.getByText('Nguồn: Bản Số — số liệu tổng hợp, dữ liệu mẫu trừ thôn Hin Đăm và Lăng Đồng').waitFor();
    await shoot(page, 'dashboard-desktop-3-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
    await context.close();
  });
});
