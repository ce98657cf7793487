import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-admin-password-1';
const DIST_ASSETS = path.resolve(import.meta.dirname, '../web/dist/assets');

// The smallest demo province the generator accepts (84 villages); Hin Đăm is in it at every scale.
const suite = appInBrowser(ADMIN_PASSWORD);

/** A cheap structural accessibility check (no axe): labels, names, landmarks, one h1, unique ids, reflow. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const named = (element: Element) =>
      !!(element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || element.getAttribute('title')) ||
      ('labels' in element && (element as HTMLInputElement).labels?.length) ||
      !!element.textContent?.trim();
    for (const field of document.querySelectorAll('input:not([type="hidden"]), select, textarea')) {
      const labelled = (field as HTMLInputElement).labels?.length || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
      if (!labelled) problems.push(`unlabelled field #${field.id || field.getAttribute('name')}`);
    }
    for (const control of document.querySelectorAll('button, a[href]')) if (!named(control)) problems.push(`unnamed ${control.outerHTML.slice(0, 80)}`);
    for (const image of document.querySelectorAll('img')) if (!image.hasAttribute('alt')) problems.push(`image without alt ${image.src}`);
    for (const landmark of ['header', 'main', 'footer']) if (!document.querySelector(landmark)) problems.push(`no <${landmark}>`);
    const headings = document.querySelectorAll('h1').length;
    if (headings !== 1) problems.push(`${headings} h1 elements`);
    const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
    for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) problems.push(`duplicate id ${id}`);
    // Reflow (WCAG 1.4.10): wide tables scroll inside their box, the page never sideways.
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
    // The CSP forbids style attributes (an empty one is what a Playwright screenshot leaves behind).
    for (const element of document.querySelectorAll('[style]:not([style=""])')) problems.push(`inline style: ${element.outerHTML.slice(0, 160)}`);
    return problems;
  });
}

describe('the territory browser', () => {
  it('keeps a page’s script under 100 KB gzipped', () => {
    // What index.html loads up front, plus the largest chunk a page may load later (a lazy view).
    const gzipped = (name: string) => gzipSync(readFileSync(path.join(DIST_ASSETS, name))).length;
    const html = readFileSync(path.join(DIST_ASSETS, '../index.html'), 'utf8');
    const upFront = new Set([...html.matchAll(/\/assets\/([^"]+\.js)"/g)].map((match) => match[1] as string));
    const scripts = readdirSync(DIST_ASSETS).filter((name) => name.endsWith('.js'));
    const entry = [...upFront].reduce((sum, name) => sum + gzipped(name), 0);
    const largestLazy = Math.max(0, ...scripts.filter((name) => !upFront.has(name)).map(gzipped));
    expect(upFront.size).toBeGreaterThan(0);
    expect(entry + largestLazy).toBeLessThan(100 * 1024);
  });

  it('takes a visitor on a phone from the province to Hin Đăm and its coverage, in Vietnamese then English', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Lạng Sơn' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('link', { name: /Kiên Mộc/ }).waitFor();
    await page.getByRole('button', { name: /^Xã\s*61$/ }).waitFor();
    await page
      .locator('.site-footer')
      .getByText(/PGlite/)
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'phone-1-home');

    // Search without diacritics, then pick the commune with the keyboard.
    const search = page.getByRole('combobox', { name: 'Tìm xã, phường, thôn' });
    await search.fill('kien moc');
    await page.getByRole('option', { name: /Kiên Mộc/ }).waitFor();
    await shoot(page, 'phone-2-search');
    await search.press('ArrowDown');
    await search.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Kiên Mộc' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/don-vi/06625');
    expect(await page.getByRole('navigation', { name: 'Vị trí' }).innerText()).toContain('Lạng Sơn');
    await page.getByRole('heading', { name: 'Hình thành từ' }).waitFor();
    await page.getByRole('link', { name: /Hin Đăm/ }).waitFor();
    await shoot(page, 'phone-3-commune');

    await page.getByRole('link', { name: /Hin Đăm/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
    await page.getByText(/^Thôn, bản có thật/).waitFor();
    const coverage = page.locator('section[aria-labelledby="coverage-title"]');
    await coverage.getByText('Không có sóng').first().waitFor();
    await coverage.getByText('4G · ổn định').first().waitFor();
    await page.getByText(/dữ liệu cá nhân/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'phone-4-village-vi');

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Mobile signal and fibre' }).waitFor();
    await coverage.getByText('4G · stable').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Household register' }).waitFor();
    await shoot(page, 'phone-5-village-en');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the administrator log in, keep the register of Hin Đăm, and log out', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('combobox').fill('hin dam');
    await page
      .getByRole('option', { name: /Hin Đăm/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hin Đăm' }).waitFor();
    const villagePath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Log in to see them' }).click();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).last().click();
    // The API's own message, in the language on screen.
    expect(await page.getByRole('alert').innerText()).toMatch(/[a-z]{3}/i);
    await shoot(page, 'phone-6-login-error');

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).last().click();
    await page.waitForURL((url) => url.pathname === villagePath);
    const register = page.locator('section[aria-labelledby="register-title"]');
    await register.getByText('Hin Đăm: 55 households').waitFor();
    expect(await register.locator('tbody tr').count()).toBe(50);
    await register.getByText('1–50 of 55').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'phone-7-register');

    // Writes (CSRF header, the server's rules): add a household, record a new survey of it, archive another.
    await page.getByRole('button', { name: 'Add household' }).click();
    await page.getByLabel('Household', { exact: true }).fill('Hộ E2E');
    await page.getByLabel('Members').fill('4');
    await page.getByLabel('Adults (15 and over)').fill('2');
    await page.getByLabel('Smartphone owners').fill('1');
    await page.getByLabel('Adults with an e-payment account').fill('1');
    await page.getByLabel('VNeID users').fill('3');
    await page.getByLabel('E-health record users').fill('1');
    await page.getByLabel('Online banking users').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('VNeID users cannot outnumber smartphone owners.').waitFor();
    await shoot(page, 'phone-8-form-problem');
    await page.getByLabel('VNeID users').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await register.getByText('Hộ E2E saved.').waitFor();
    await register.getByText('Hin Đăm: 56 households').waitFor();

    const find = register.getByLabel('Find a household');
    await find.fill('E2E');
    await register.getByRole('button', { name: 'Update Hộ E2E' }).click();
    await page.getByLabel('Smartphone owners').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await register.getByText('Hộ E2E saved.').waitFor();
    await register.locator('tbody tr', { hasText: 'Hộ E2E' }).getByText('2', { exact: true }).first().waitFor();

    await find.fill('Hộ 001');
    await register.getByRole('button', { name: 'Update Hộ 001' }).click();
    await page.getByRole('button', { name: 'Archive household' }).click();
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await register.getByText('Hộ 001 archived.').waitFor();
    await find.fill('');
    await register.getByText('Hin Đăm: 55 households').waitFor();

    await page.locator('.account-menu summary').click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in to see them' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads well on a desktop screen, including the audit log', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto('/');
    await page.getByRole('link', { name: /Kiên Mộc/ }).waitFor();
    await shoot(page, 'desktop-1-home');
    await page.goto('/don-vi/06625');
    await page.getByRole('link', { name: /Hin Đăm/ }).click();
    await page.locator('section[aria-labelledby="coverage-title"]').getByText('Không có sóng').first().waitFor();
    await shoot(page, 'desktop-2-village');

    await page.goto('/dang-nhap?next=/nhat-ky');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Nhật ký hoạt động' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot(page, 'desktop-3-audit');
    expect(problems).toEqual([]);
    await context.close();
  });
});
