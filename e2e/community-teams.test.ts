import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province; its first start also creates the Kiên Mộc officer and prints a one-time password.
const suite = appInBrowser('e2e-teams-password-1');

const NEW_PASSWORD = 'kien-moc-officer-2025';

describe('the community digital teams page', () => {
  it('shows a commune officer the villages of their commune with their visits, on a phone, in Vietnamese then English', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE, { acceptDownloads: true });
    await page.goto('/');
    // Not an officer yet: no link in the header.
    await page.getByRole('link', { name: 'Bảng điều khiển', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Tổ công nghệ số' }).count()).toBe(0);

    await page.goto('/dang-nhap');
    await logInFirstTime(page, suite.app, 'canbo.kienmoc', NEW_PASSWORD);

    await page.getByRole('link', { name: 'Tổ công nghệ số' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổ công nghệ số cộng đồng' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/doi-so-cong-dong');
    // The officer's own commune is chosen for them.
    expect(await page.getByLabel('Địa bàn').inputValue()).toBe('06625');

    // The demo's field work ends in 2025: the page opens on its latest weeks and says so.
    const note = page.locator('.teams-latest');
    await note.getByText(/^Số liệu mới nhất đến tuần \d{2}\/\d{2}\/2025/).waitFor();
    const latest = /ngày ghi nhận cuối: (\d{2}\/\d{2}\/\d{4})/.exec(await note.innerText())?.[1];
    expect(latest).toMatch(/\/2025$/);
    await shoot(page, 'teams-phone-0-latest-weeks', false);
    const table = page.locator('table.teams-table');
    await page.getByRole('heading', { name: `Các thôn, bản của Kiên Mộc: 4 tuần đến ngày ${latest}` }).waitFor();
    const hinDam = table.locator('tbody tr', { hasText: 'Hin Đăm' });
    await hinDam.waitFor();
    const visits = Number(await hinDam.locator('td').first().innerText());
    expect(visits).toBeGreaterThan(0);
    expect(await table.locator('tfoot').innerText()).toMatch(/Cả Kiên Mộc/);
    expect(await page.locator('.teams-chart-svg rect.teams-bar-visits').count()).toBe(12);
    expect(await page.locator('.teams-chart-svg').getAttribute('aria-label')).toMatch(/lượt hỗ trợ/);

    // Sort by a column, then download the table as CSV.
    const visitsHeader = table.locator('th', { has: page.getByRole('button', { name: /Lượt hỗ trợ/ }) });
    expect(await visitsHeader.getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('button', { name: /Lượt hỗ trợ/ }).click();
    expect(await visitsHeader.getAttribute('aria-sort')).toBe('ascending');
    // Written by the server (CSV and .xlsx), the four weeks the table adds up, the same figures.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^to-cong-nghe-so-06625-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFMã,"Thôn, bản",Lượt hỗ trợ \(4 tuần\),/);
    expect(csv).toContain(`06625001,Hin Đăm,${visits},`);
    expect(await page.getByRole('link', { name: 'Tải Excel (.xlsx)' }).getAttribute('href')).toMatch(
      /^\/api\/fieldwork\/overview\?orgUnit=06625&weeks=4&until=[\d-]+&staleDays=7&format=xlsx&lang=vi$/,
    );

    expect(await axeViolations(page, 'teams')).toEqual([]);
    await page.locator('h1').scrollIntoViewIfNeeded();
    await shoot(page, 'teams-phone-1-commune');

    // The same page in English.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Community digital teams' }).waitFor();
    await page.getByRole('heading', { name: /^Villages of Kiên Mộc/ }).waitFor();
    expect(await axeViolations(page, 'teams-en')).toEqual([]);
    await shoot(page, 'teams-phone-2-english');
    await page.getByRole('button', { name: 'VI', exact: true }).click();

    expect(problems).toEqual([]);
    // Another commune is not theirs: the API refuses (the suite.browser logs the 403) and the page says why.
    await page.goto('/doi-so-cong-dong?unit=06376');
    await page.getByRole('alert').getByText('Bạn không có quyền với đơn vị này.').waitFor();
    expect(problems).toEqual([expect.stringMatching(/status of 403/)]);
    // The province is not theirs either: the picker names the unit asked for, beside the refusal.
    await page.goto('/doi-so-cong-dong?unit=20');
    await page.getByRole('alert').getByText('Bạn không có quyền với đơn vị này.').waitFor();
    expect(await page.getByLabel('Địa bàn').inputValue()).toBe('20');
    expect(await page.locator('#teams-unit option:checked').innerText()).toBe('Đơn vị mã 20');
    await shoot(page, 'teams-phone-3-refused', false);
    await context.close();
  });

  it('lets the province administrator compare the communes and open one, and prints on A4', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP, { acceptDownloads: true });
    await page.goto('/dang-nhap?next=%2Fdoi-so-cong-dong%3Funtil%3D2025-06-29');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('e2e-teams-password-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Tổ công nghệ số cộng đồng' }).waitFor();
    const table = page.locator('table.teams-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(65);
    const firstVisits = Number((await table.locator('tbody tr').first().locator('td').first().innerText()).replace(/\./g, ''));
    expect(firstVisits).toBeGreaterThan(0);
    expect(await axeViolations(page, 'teams-province')).toEqual([]);
    await shoot(page, 'teams-desktop-1-province', false);

    await page.getByRole('button', { name: 'Xem các thôn, bản của Kiên Mộc' }).click();
    await page.getByRole('heading', { name: /^Các thôn, bản của Kiên Mộc/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('unit')).toBe('06625');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.teams-controls').isVisible()).toBe(false);
    expect(await page.locator('.teams-print-meta').isVisible()).toBe(true);
    await shoot(page, 'teams-desktop-2-print');
    expect(problems).toEqual([]);
    await context.close();
  });
});
