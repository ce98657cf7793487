import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, ensureWebBuilt, launchChromium, PHONE, SCREENSHOTS, startApp, type RunningApp } from './app-server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  app = await startApp({ adminPassword: 'e2e-dashboard-password-1', demoScale: '0.05' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, baseURL: app.baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

const shoot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** axe-core on the page as it stands: no critical violation; serious ones are logged to be fixed. */
async function axeCritical(page: Page, label: string): Promise<string[]> {
  // Not page.addScriptTag: the production CSP (script-src 'self') rightly refuses an inline script, and
  // bypassing the CSP would hide the violations this test should see. Evaluated through DevTools instead.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe.run());
  for (const violation of result.violations.filter((v) => v.impact === 'serious')) {
    console.warn(`[axe ${label}] serious: ${violation.id} — ${violation.help} (${violation.nodes.length}) ${JSON.stringify(violation.nodes.slice(0, 3).map((n) => n.target))}`);
  }
  return result.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('the province dashboard', () => {
  it('shows the scorecard, the ranking, the map, the white spots and the trends, in Vietnamese then English', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(PHONE);
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
    expect(await axeCritical(page, 'scorecard')).toEqual([]);
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
    expect(await axeCritical(page, 'league')).toEqual([]);
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

    // Map: 65 commune outlines, coloured, with a legend.
    await page.getByRole('link', { name: 'Bản đồ' }).click();
    await page.locator('.dash-map .leaflet-interactive').first().waitFor();
    await expect.poll(() => page.locator('.dash-map .leaflet-interactive').count(), { timeout: 20_000 }).toBe(65);
    await page.locator('.dash-legend').waitFor();
    expect(await axeCritical(page, 'map')).toEqual([]);
    await shoot(page, 'dashboard-phone-3-map');

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
    expect(await axeCritical(page, 'white spots')).toEqual([]);
    await shoot(page, 'dashboard-phone-4-white-spots', false);

    // Trends, then compare two communes.
    await page.getByRole('link', { name: 'Xu hướng' }).click();
    await page.locator('svg.dash-chart polyline').first().waitFor();
    await page.getByLabel('So sánh hai xã').check();
    await expect.poll(() => page.locator('svg.dash-chart polyline').count(), { timeout: 10_000 }).toBe(2);
    expect(await axeCritical(page, 'trends')).toEqual([]);
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

  it('lays out on a desktop and prints without the controls', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(DESKTOP);
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
