import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../src/platform/dates.ts';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-dashboard-password-1';

const suite = appInBrowser(ADMIN_PASSWORD);

/** The dashboard's last year, the one in progress: the demo's field work ends in 2025, so that year is ours to write in. */
const CHECK_YEAR = Number(todayInVietnam().slice(0, 4));

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

    // The year in progress says so, and every header spans the years shown (one list of years).
    await page.getByLabel('Năm', { exact: true }).selectOption(String(CHECK_YEAR));
    await page.getByRole('heading', { name: `Chỉ số năm ${CHECK_YEAR}: Tỉnh Lạng Sơn` }).waitFor();
    expect(await page.locator('.dash-partial-year').innerText()).toMatch(/^Năm đang diễn ra: số liệu đến \d{2}\/\d{2}\/\d{4}/);
    expect(await page.getByLabel('Năm', { exact: true }).locator('option:checked').innerText()).toBe(`${CHECK_YEAR} (đang diễn ra)`);
    expect(await page.locator('table.dash-scorecard thead').innerText()).toContain(`2021–${CHECK_YEAR}`);
    await shoot(page, 'dashboard-phone-1b-year-in-progress');

    // Another year.
    await page.getByLabel('Năm', { exact: true }).selectOption('2021');
    await page.getByRole('heading', { name: 'Chỉ số năm 2021: Tỉnh Lạng Sơn' }).waitFor();

    // League table: 65 communes and the province row; sort by value both ways.
    await page.getByRole('link', { name: 'Xếp hạng xã' }).click();
    const league = page.locator('table.dash-league');
    await league.waitFor();
    await league.locator('.dash-reference').getByText('Cả tỉnh Lạng Sơn').waitFor();
    expect(await league.locator('tbody tr').count()).toBe(66);
    const valueHeader = league.locator('th', { has: page.getByRole('button', { name: /Giá trị/ }) });
    await expect.poll(() => valueHeader.getAttribute('aria-sort')).toBe('descending');
    const values = async () =>
      (await league.locator('tbody tr:not(.dash-reference) td.num .dash-value').allInnerTexts()).map((text) =>
        Number(text.replace(/\./g, '').replace(',', '.').replace('%', '')),
      );
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

    // Map: it opens on the commune chosen in the ranking, which the dashboard's one unit picker shows
    // (the tab has no picker of its own); back to the 65 commune outlines, coloured, with a legend.
    await page.getByRole('link', { name: 'Bản đồ' }).click();
    const map = page.locator('.dash-map');
    const communeShapes = map.locator('.leaflet-overlay-pane .leaflet-interactive');
    const villagePoints = map.locator('path.dash-village');
    const pickerShows = () => page.locator('.dash-unit-name').getAttribute('data-unit');
    await expect.poll(pickerShows).toBe('06625');
    await page.getByText(/^Các thôn của Kiên Mộc: \d+ điểm trên bản đồ/).waitFor();
    expect(await page.locator('section[aria-labelledby="map-title"] select').evaluateAll((list) => list.map((select) => select.id))).toEqual([
      'map-indicator',
      'map-year',
    ]);
    await page.getByRole('button', { name: '← Về các xã, phường' }).click();
    await expect.poll(pickerShows).toBe('20');
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

    // Choose Kiên Mộc in the unit picker: its villages as points on the same scale, Hin Đăm among them.
    await page.getByRole('combobox', { name: 'Chọn xã, phường hoặc thôn' }).fill('kien moc');
    await page.getByRole('option', { name: /^Kiên Mộc/ }).click();
    await expect.poll(pickerShows).toBe('06625');
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
    // Downloaded from the server, narrowed like the list, with the Vietnamese headers officers send on.
    expect(await page.getByRole('link', { name: 'Tải Excel (.xlsx)' }).getAttribute('href')).toBe(
      '/api/white-spots?orgUnit=20&year=2021&operator=viettel&format=xlsx&lang=vi',
    );
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải CSV' }).click();
    expect((await download).suggestedFilename()).toBe('vung-lom-song-2021-viettel.csv');
    const spotsCsv = readFileSync((await (await download).path()) ?? '', 'utf8').split('\r\n');
    expect(spotsCsv[0]).toBe('\uFEFF"Xã, phường","Thôn, bản",Công nghệ ổn định tốt nhất,Thiếu 3G/4G ổn định,Chưa có cáp quang,Nhà mạng,demo');
    expect(spotsCsv.filter(Boolean)).toHaveLength((await spots.count()) + 1);
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
    // The trends run to the plan's last target year.
    await page.getByRole('heading', { name: 'Trend 2021–2030: Households with fibre at home (%)' }).waitFor();
    await page.getByRole('link', { name: 'Indicators' }).click();
    await page.getByRole('columnheader', { name: 'Change since 2021' }).waitFor();
    await page
      .getByText(/villages reported/)
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the province administrator change a 2026 target, with clear messages when it cannot be saved', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/bang-dieu-khien');
    await page.locator('tr[data-indicator="HH_EPAY"]').waitFor();
    // A visitor sees the scorecard, not the form.
    expect(await page.getByRole('heading', { name: 'Đặt mục tiêu 2026–2030' }).count()).toBe(0);
    const epayTarget = page.locator('tr[data-indicator="HH_EPAY"] td').nth(1);
    // The demo plan's 2026 target is the yardstick of 2025.
    expect(await epayTarget.innerText()).toContain('2026: 94,0%');

    await page.goto('/dang-nhap?next=/bang-dieu-khien');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    const panel = page.locator('section[aria-labelledby="tg-title"]');
    await panel.getByRole('heading', { name: 'Đặt mục tiêu 2026–2030' }).waitFor();
    await panel.getByRole('cell', { name: '84,5%' }).waitFor();

    await panel.getByLabel('Chỉ số', { exact: true }).selectOption('HH_EPAY');
    await panel.getByLabel('Năm mục tiêu').selectOption('2026');
    // Checked before sending: a percentage above 100 is a slip, said next to the field.
    await panel.getByLabel('Giá trị mục tiêu').fill('150');
    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await panel.getByText('Tỷ lệ phần trăm phải từ 0 đến 100.').waitFor();
    expect(await panel.getByLabel('Giá trị mục tiêu').getAttribute('aria-invalid')).toBe('true');

    // The API's refusal, in its own words and the language on screen.
    await page.route('**/api/targets', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 403,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'auth.forbidden',
                message: { vi: 'Bạn không có quyền đặt mục tiêu cho đơn vị này.', en: 'You may not set targets for this unit.' },
              },
            }),
          })
        : route.fallback(),
    );
    await panel.getByLabel('Giá trị mục tiêu').fill('80,5');
    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    expect(await panel.getByRole('alert').innerText()).toBe('Bạn không có quyền đặt mục tiêu cho đơn vị này.');
    await page.unroute('**/api/targets');
    // The refused request is the only fault so far, and the suite.browser logs it.
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);

    await panel.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await panel.getByRole('status').getByText('Đã lưu mục tiêu năm 2026 của Cả tỉnh Lạng Sơn: Hộ có tài khoản thanh toán điện tử (%) 80,5%.').waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);
    const row = panel.locator('tr[data-target="HH_EPAY-2026"]');
    // The demo's plan has a 2026 target already: its row changes once the list is read again.
    await expect.poll(() => row.innerText()).toMatch(/Hộ có tài khoản thanh toán điện tử \(%\)\s+2026\s+80,5%\s+2021/);
    // And in the scorecard: 2025 has no target of its own, so the changed 2026 one is the yardstick.
    await expect.poll(() => epayTarget.innerText()).toMatch(/2026: 80,5%/);
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

  it(
    'checks the data: no rule broken in the demo, then a village whose visits run ahead of its surveys, with the households behind it',
    { timeout: 180_000 },
    async () => {
      const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE, { acceptDownloads: true });
      // The demo's figures agree with each other: said as the good news it is.
      await page.goto('/bang-dieu-khien?tab=quality');
      await page.getByRole('heading', { name: 'Kiểm tra dữ liệu năm 2025: Tỉnh Lạng Sơn' }).waitFor();
      await page.getByText('Không có quy tắc nào bị vi phạm: số liệu năm 2025 của Tỉnh Lạng Sơn khớp với nhau.').waitFor();
      await page.getByText('Danh sách được cập nhật theo từng lần ghi dữ liệu.').waitFor();
      // Checking again is for logged-in accounts.
      expect(await page.getByRole('button', { name: 'Kiểm tra lại' }).count()).toBe(0);
      await page.getByLabel('Quy tắc', { exact: true }).selectOption({ label: 'Người từ 15 tuổi ≤ nhân khẩu' });
      await page.getByText('Quy tắc “Người từ 15 tuổi ≤ nhân khẩu” được tuân thủ: số liệu năm 2025 của Tỉnh Lạng Sơn khớp với nhau.').waitFor();
      expect(new URL(page.url()).searchParams.get('rule')).toBe('households.adults_within_residents');
      expect(await axeViolations(page, 'data checks')).toEqual([]);
      await shoot(page, 'dashboard-phone-7-data-checks');
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('heading', { name: 'Data checks, 2025: Lạng Sơn province' }).waitFor();
      await page.getByText('The rule “Adults ≤ residents” holds: the 2025 figures of Lạng Sơn province agree with each other.').waitFor();
      await page.getByText('The list is kept current with every write.').waitFor();
      await page.getByRole('button', { name: 'VI', exact: true }).click();
      await page.getByRole('heading', { name: 'Kiểm tra dữ liệu năm 2025: Tỉnh Lạng Sơn' }).waitFor();

      // The Kiên Mộc officer records this year's visits to two households of Hin Đăm, and surveys a third: visits run ahead of surveys.
      await page.goto('/dang-nhap');
      await logInFirstTime(page, suite.app, 'canbo.kienmoc', 'kien-moc-officer-2026');
      const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
      const headers = { 'x-csrf-token': csrfToken };
      const villages = (await (await page.request.get('/api/org-units/06625/children?limit=500')).json()) as { items: { code: string; name: string }[] };
      const hinDam = villages.items.find((unit) => unit.name === 'Hin Đăm')?.code ?? '';
      type Household = { id: string; label: string; latest: Record<string, unknown> };
      const [surveyed, first, second] = ((await (await page.request.get(`/api/villages/${hinDam}/households?limit=3`)).json()) as { items: Household[] })
        .items as [Household, Household, Household];
      const day = `${CHECK_YEAR}-01-02`;
      expect(
        (await page.request.post(`/api/households/${surveyed.id}/surveys`, { headers, data: { ...surveyed.latest, surveyedOn: day } })).status(),
      ).toBeLessThan(300);
      for (const household of [first, second]) {
        const visit = { id: randomUUID(), visitedOn: day, activities: [{ code: 'scam_awareness', people: 1 }], residentsGuided: 0 };
        expect((await page.request.post(`/api/households/${household.id}/visits`, { headers, data: visit })).status()).toBe(201);
      }

      // The write found it at once: the village first, with its commune, then the commune.
      await page.goto(`/bang-dieu-khien?tab=quality&year=${CHECK_YEAR}&unit=06625`);
      await page.getByRole('heading', { name: `Kiểm tra dữ liệu năm ${CHECK_YEAR}: Xã Kiên Mộc` }).waitFor();
      await page.getByText('Có 2 vi phạm, ở 1 thôn, bản và 1 xã, phường.').waitFor();
      const rows = page.locator('table.dq-table tbody tr[data-violation]');
      expect(await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-violation')))).toEqual([
        `teams.visited_within_households/${hinDam}/${CHECK_YEAR}`,
        `teams.visited_within_households/06625/${CHECK_YEAR}`,
      ]);
      const village = rows.first();
      expect(await village.innerText()).toMatch(/Hin Đăm\s+Xã Kiên Mộc[\s\S]*Thôn, bản[\s\S]*Hộ được hỗ trợ ≤ hộ được khảo sát[\s\S]*2 > 1/);
      expect(await rows.nth(1).getByRole('button').count()).toBe(0);
      // The dashboard's one unit picker narrows the list to the village (the tab has no picker of its own), and back.
      await page.getByRole('combobox', { name: 'Chọn xã, phường hoặc thôn' }).fill('hin dam');
      await page.getByRole('option', { name: /Hin Đăm/ }).click();
      await page.getByRole('heading', { name: new RegExp(`^Kiểm tra dữ liệu năm ${CHECK_YEAR}: .*Hin Đăm$`) }).waitFor();
      await expect
        .poll(() => rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-violation'))))
        .toEqual([`teams.visited_within_households/${hinDam}/${CHECK_YEAR}`]);
      expect(await page.locator('section[aria-labelledby="dq-title"] select').evaluateAll((list) => list.map((select) => select.id))).toEqual([
        'dq-year',
        'dq-rule',
      ]);
      await page.goBack();
      await page.getByRole('heading', { name: `Kiểm tra dữ liệu năm ${CHECK_YEAR}: Xã Kiên Mộc` }).waitFor();
      await expect.poll(() => rows.count()).toBe(2);

      // Its records, opened from the keyboard.
      const toggle = village.getByRole('button', { name: /^Xem hồ sơ — Hin Đăm/ });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.focus();
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const records = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
      await records.getByRole('heading', { name: 'Hồ sơ cần xem lại ở Hin Đăm' }).waitFor();
      await records.getByRole('link', { name: first.label }).waitFor();
      expect(await records.getByRole('listitem').allInnerTexts()).toEqual(
        [first, second].map((household) =>
          expect.stringMatching(new RegExp(`^${household.label}\\s+1 lần hỗ trợ, gần nhất 02/01/${CHECK_YEAR}; chưa có khảo sát năm ${CHECK_YEAR}$`)),
        ),
      );

      // Checked again on demand; the same list, and when.
      await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
      await page.getByText(/^Đã kiểm tra lại lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/).waitFor();
      expect(await rows.count()).toBe(2);
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Tải CSV' }).click();
      expect((await download).suggestedFilename()).toBe(`kiem-tra-du-lieu-${CHECK_YEAR}-06625.csv`);
      const checksCsv = readFileSync((await (await download).path()) ?? '', 'utf8').split('\r\n');
      expect(checksCsv[0]).toBe('\uFEFFĐơn vị,Mã đơn vị,Cấp,"Thuộc xã, phường",Quy tắc,Mã quy tắc,Vế trái,Vế phải,Phát hiện từ');
      expect(checksCsv[1]).toMatch(
        new RegExp(
          `^Hin Đăm,${hinDam},"Thôn, bản",Xã Kiên Mộc,Hộ được hỗ trợ ≤ hộ được khảo sát[^,]*,teams.visited_within_households,2,1,\\d{2}/\\d{2}/${CHECK_YEAR}$`,
        ),
      );
      expect(await axeViolations(page, 'data checks records')).toEqual([]);
      await page.locator('#dq-title').scrollIntoViewIfNeeded();
      await shoot(page, 'dashboard-phone-8-data-checks-records');

      // In English, then printed: the records stay, the buttons go.
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('columnheader', { name: 'Found since' }).waitFor();
      expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
        `/api/validation-violations?orgUnit=06625&period=${CHECK_YEAR}&format=csv&lang=en`,
      );
      await records.getByRole('heading', { name: 'Records to review in Hin Đăm' }).waitFor();
      expect(await records.innerText()).toContain(`no survey in ${CHECK_YEAR}`);
      await page.getByRole('button', { name: 'VI', exact: true }).click();
      await page.emulateMedia({ media: 'print' });
      expect(await toggle.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Kiểm tra lại' }).isVisible()).toBe(false);
      expect(await records.getByRole('link', { name: first.label }).isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // An account not in charge of the village is told so (the server's refusal, staged).
      await page.route('**/api/validation-violations/records?*', (route) =>
        route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'auth.forbidden', message: { vi: 'Bạn không có quyền với đơn vị này.', en: 'You do not have access to this unit.' } },
          }),
        }),
      );
      await toggle.click();
      await toggle.click();
      await records.getByText('Tài khoản của bạn không phụ trách thôn Hin Đăm nên không xem được hồ sơ của thôn này.').waitFor();
      await page.unroute('**/api/validation-violations/records?*');
      expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);
      await toggle.click();
      await toggle.click();

      // A household's link opens the village's register on that household.
      await records.getByRole('link', { name: first.label }).click();
      await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('register-title');
      expect(await page.getByLabel('Tìm hộ').inputValue()).toBe(first.label);
      await page.getByRole('rowheader', { name: first.label }).waitFor();
      expect(problems).toEqual([]);
      await context.close();

      // A visitor sees the list, and is asked to log in for the records.
      const visitor = await openPage(suite.browser, suite.app, PHONE);
      await visitor.page.goto(`/bang-dieu-khien?tab=quality&year=${CHECK_YEAR}`);
      await visitor.page.getByText('Có 3 vi phạm, ở 1 thôn, bản và 1 xã, phường.').waitFor();
      await visitor.page.getByRole('button', { name: /Xem hồ sơ/ }).click();
      const logIn = visitor.page.getByRole('link', { name: 'Đăng nhập để xem hồ sơ' });
      expect(await logIn.getAttribute('href')).toBe(`/dang-nhap?next=${encodeURIComponent(`/bang-dieu-khien?tab=quality&year=${CHECK_YEAR}`)}`);
      expect(await axeViolations(visitor.page, 'data checks visitor')).toEqual([]);
      expect(visitor.problems).toEqual([]);
      await visitor.context.close();
    },
  );

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
    expect(await page.locator('.tabs').isVisible()).toBe(false);
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
