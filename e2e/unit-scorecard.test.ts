import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../src/platform/dates.ts';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

const suite = appInBrowser('e2e-unit-scorecard-password-1');

/** The year in progress: the demo's surveys end the year before. */
const THIS_YEAR = Number(todayInVietnam().slice(0, 4));
const LAST_YEAR = THIS_YEAR - 1;

describe('where a unit stands', () => {
  it('opens Hin Đăm’s and Kiên Mộc’s pages on their own scorecard, with targets, trend and rank, for a visitor on a phone', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/');
    // The province's own page opens on its scorecard too, with no rank (it has no siblings).
    const provinceCards = page.locator('section.unit-scorecard');
    await provinceCards.getByRole('heading', { name: `Chuyển đổi số năm ${LAST_YEAR}` }).waitFor();
    await provinceCards.locator('li[data-indicator="HH_FIBER"] .dash-value').waitFor();
    expect(await provinceCards.locator('.us-rank').count()).toBe(0);

    // Found without diacritics, as a villager types.
    await page.getByRole('combobox', { name: 'Tìm xã, phường, thôn' }).fill('hin dam');
    await page.getByRole('option', { name: /Hin Đăm/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
    const cards = page.locator('section.unit-scorecard');
    const smartphones = cards.locator('li[data-indicator="HH_SMARTPHONE"]');
    await smartphones.locator('.dash-value').waitFor();
    expect(await smartphones.locator('.dash-value').innerText()).toMatch(/^\d{1,3},\d%$/);
    // The province's plan is the village's yardstick: the 2026 target, where it stands, and by how much when behind.
    expect(await smartphones.locator('.us-target').innerText()).toMatch(/2026: 97,5%\s*(✓|➚|!)?\s*(Đạt|Đúng lộ trình|Chậm)/);
    expect(await cards.locator('.dash-status').count()).toBeGreaterThanOrEqual(5);
    if (await cards.locator('.dash-status-behind').count())
      expect(await cards.locator('.dash-gap').first().innerText()).toMatch(/^[−+±]\d+,\d điểm % so với lộ trình$/);
    expect(await smartphones.locator('.us-rank').innerText()).toMatch(/^Hạng \d+\/\d+ thôn của Kiên Mộc$/);
    expect(await smartphones.locator('svg.dash-spark').getAttribute('aria-label')).toMatch(new RegExp(`^Xu hướng 2021–${THIS_YEAR}: `));
    expect(await cards.locator('li.us-card').count()).toBe(6);
    expect(await axeViolations(page, 'village scorecard')).toEqual([]);
    await cards.scrollIntoViewIfNeeded();
    await shoot(page, 'unit-scorecard-phone-1-hin-dam');

    // Its commune: ranked among the province's 65 communes and wards.
    await page.getByRole('navigation', { name: 'Vị trí' }).getByRole('link', { name: 'Kiên Mộc' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiên Mộc' }).waitFor();
    const commune = page.locator('section.unit-scorecard li[data-indicator="HH_EPAY"]');
    await commune.locator('.us-rank').waitFor();
    expect(await commune.locator('.us-rank').innerText()).toMatch(/^Hạng \d+\/65 xã, phường$/);
    await shoot(page, 'unit-scorecard-phone-2-kien-moc');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: `Digital transformation, ${LAST_YEAR}` }).waitFor();
    expect(await commune.locator('.us-rank').innerText()).toMatch(/^\d+(st|nd|rd|th) of 65 communes and wards$/);
    await page.getByRole('button', { name: 'VI' }).click();

    // Every indicator, scoped to the commune, one click away.
    await page.getByRole('link', { name: 'Tất cả chỉ số trên bảng điều khiển' }).click();
    await page.getByRole('heading', { name: `Chỉ số năm ${LAST_YEAR}: Kiên Mộc` }).waitFor();
    expect(new URL(page.url()).searchParams.get('unit')).toBe('06625');
    expect(problems).toEqual([]);
    await context.close();
  });

  it(
    'gives a commune officer her commune’s dashboard, any unit by search, the targets to 2030 and an honest year in progress',
    { timeout: 240_000 },
    async () => {
      const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
      await page.goto('/dang-nhap?next=/bang-dieu-khien');
      await logInFirstTime(page, suite.app, 'canbo.kienmoc', 'kien-moc-officer-2026');
      await page.goto('/bang-dieu-khien');
      // Her own commune, without asking.
      await page.getByRole('heading', { name: `Chỉ số năm ${LAST_YEAR}: Kiên Mộc` }).waitFor();
      expect(await page.locator('.dash-unit-name').innerText()).toBe('Kiên Mộc');
      const epay = page.locator('tr[data-indicator="HH_EPAY"]');
      expect(await epay.innerText()).toMatch(/2026: 94,0%/);

      // The year in progress: no row says "no unit reported" beside a full count; each says how far reporting has come.
      await page.getByLabel('Năm', { exact: true }).selectOption(String(THIS_YEAR));
      await page.getByRole('heading', { name: `Chỉ số năm ${THIS_YEAR}: Kiên Mộc` }).waitFor();
      await expect.poll(() => epay.innerText()).toMatch(/năm đang diễn ra, chưa báo cáo đủ/);
      expect(await epay.innerText()).toMatch(/Năm đang diễn ra: 0\/\d+ thôn đã báo cáo, số liệu đến \d{2}\/\d{2}\/\d{4}/);
      const table = await page.locator('table.dash-scorecard').innerText();
      expect(table).not.toContain('chưa có đơn vị nào báo cáo');
      expect(await page.locator('table.dash-scorecard thead').innerText()).toContain(`2021–${THIS_YEAR}`);
      await shoot(page, 'unit-scorecard-desktop-1-year-in-progress');

      // Another unit, found without diacritics: a village, ranked among its commune's in the league table.
      await page.getByRole('combobox', { name: 'Chọn xã, phường hoặc thôn' }).fill('hin dam');
      await page.getByRole('option', { name: /Hin Đăm/ }).click();
      await page.getByRole('heading', { name: `Chỉ số năm ${THIS_YEAR}: Hin Đăm` }).waitFor();
      const village = new URL(page.url()).searchParams.get('unit') ?? '';
      expect(village).toMatch(/^06625\d{3}$/);
      await page.getByRole('link', { name: 'Xếp hạng xã' }).click();
      await page.locator('table.dash-league tr[aria-current="true"]').getByText('Hin Đăm').waitFor();

      // Trends: the village's values and the province's plan drawn to 2030 from the village's own baseline.
      await page.getByRole('link', { name: 'Xu hướng' }).click();
      await page.getByLabel('Chỉ số', { exact: true }).selectOption('HH_SMARTPHONE');
      await page.getByRole('heading', { name: 'Xu hướng 2021–2030: Hộ có ít nhất một điện thoại thông minh (%)' }).waitFor();
      const trajectory = page.locator('table.dash-trend-table tr[data-series="target"]');
      await trajectory.waitFor();
      expect(await trajectory.innerText()).toMatch(/Mục tiêu theo lộ trình[\s\S]*97,5%[\s\S]*99,5%$/);
      expect(await page.locator('svg.dash-chart .dash-line-target polyline').count()).toBe(1);
      expect(await axeViolations(page, 'village trends')).toEqual([]);
      await shoot(page, 'unit-scorecard-desktop-2-trends-to-2030');

      // Back to her commune in one click.
      await page.getByRole('button', { name: 'Về địa bàn của tôi' }).click();
      await expect.poll(() => page.locator('.dash-unit-name').innerText()).toBe('Kiên Mộc');
      expect(new URL(page.url()).searchParams.get('unit')).toBeNull();
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
