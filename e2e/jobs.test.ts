import { describe, expect, it } from 'vitest';
import { DESKTOP } from './app-server.ts';
import { appInBrowser, axeViolations, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-jobs-password-1';

// This file's own server: its first start runs the daily pruning job once, which the page shows.
const suite = appInBrowser(ADMIN_PASSWORD);

describe('the background jobs page', () => {
  it('is reached from the administrator’s menu and shows the jobs by state', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto(`/dang-nhap?next=${encodeURIComponent('/')}`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    await page.waitForURL((url) => url.pathname === '/');

    await page.locator('.account-menu summary').click();
    await page.getByRole('link', { name: 'Việc chạy nền' }).click();
    await page.getByRole('heading', { level: 1, name: 'Việc chạy nền' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/viec-nen');
    await page.getByText('Không có việc nào ở đây.').waitFor();

    await page.getByLabel('Hiển thị').selectOption('done');
    const row = page.locator('tbody tr', { hasText: 'prune-finished-work' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/Đã xong\s+1\/5/);
    // A done job cannot be run again.
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await axeViolations(page, 'jobs')).toEqual([]);
    await shoot(page, 'jobs-desktop-done');
    expect(problems).toEqual([]);
    await context.close();
  });
});
