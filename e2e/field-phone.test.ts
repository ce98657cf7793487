import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../web/src/platform/format.ts';
import { PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, shoot, watchProblems } from './browser-kit.ts';

/**
 * The field app on a 360×740 phone: how much of the screen its frame takes offline, the need
 * filters, the team's name, and the one date field (dd/mm/yyyy typed or picked) in its forms.
 */

const ADMIN_PASSWORD = 'e2e-phone-admin-password-1';
const NEW_PASSWORD = 'e2e-phone-team-password-1';
/** Console errors that going offline causes on purpose, and the 401 of a visitor not logged in. */
const OFFLINE_NOISE = /status of 401|ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/;

const suite = appInBrowser(ADMIN_PASSWORD);

/** The team member's one-time password is changed at the first log-in; later ones use the new one. */
let passwordChanged = false;

async function phoneWithFieldApp(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await suite.browser.newContext({
    viewport: PHONE,
    baseURL: suite.app.baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
    isMobile: true,
    hasTouch: true,
  });
  // Counts the calendar's openings: headless Chromium draws no picker, but the call is what a tap makes.
  await context.addInitScript(() => {
    const open = HTMLInputElement.prototype.showPicker;
    HTMLInputElement.prototype.showPicker = function showPicker(this: HTMLInputElement) {
      (window as unknown as { pickerOpened: number }).pickerOpened = ((window as unknown as { pickerOpened?: number }).pickerOpened ?? 0) + 1;
      open.call(this);
    };
  });
  const page = await context.newPage();
  const problems: string[] = [];
  watchProblems(page, problems, OFFLINE_NOISE);
  await page.goto('/thuc-dia');
  await page.waitForURL((url) => url.pathname === '/dang-nhap');
  if (passwordChanged) {
    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('doi.hindam');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
  } else {
    await logInFirstTime(page, suite.app, 'doi.hindam', NEW_PASSWORD);
    passwordChanged = true;
  }
  await page.waitForURL((url) => url.pathname === '/thuc-dia');
  await page.locator('.household-list').getByRole('link').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  return { context, page, problems };
}

const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;
const bottom = async (page: Page, selector: string) => {
  const box = await page.locator(selector).first().boundingBox();
  return box ? box.y + box.height : Number.NaN;
};

describe('the field app on a phone', () => {
  it('keeps its frame to one line of sync state offline, so the household list starts high', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await phoneWithFieldApp();
    await context.setOffline(true);
    await page.locator('.sync-bar.is-offline').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));

    const frame = await bottom(page, '.field-nav');
    const firstRow = await top(page, '.household-list li');
    console.info(`[field phone 360×740 offline] frame ends at ${frame} px, first household row at ${firstRow} px`);
    await shoot(page, 'field-phone-offline', false);

    // Header, sync line and tabs: within the top 152 px of 740 (they took ~183 px).
    expect(frame).toBeLessThanOrEqual(152);
    // The sync state is one line: status, waiting count, last sync and the retry button side by side.
    const bar = await page.locator('.sync-bar').boundingBox();
    expect(bar?.height).toBeLessThanOrEqual(44);
    await expect(page.locator('.sync-bar').getByRole('button', { name: 'Đồng bộ', exact: true }).isVisible()).resolves.toBe(true);
    // What offline means is still said, to screen readers as well.
    expect(await page.locator('.sync-bar').getAttribute('aria-label')).toBe('Tình trạng đồng bộ');
    await page.locator('.sync-bar').getByText('Mất kết nối: thay đổi được lưu trên máy và tự gửi khi có mạng.').waitFor({ state: 'attached' });
    // The first household is on the first screen with room to spare.
    expect(firstRow).toBeLessThanOrEqual(430);

    // The need filters: one row that scrolls sideways, each chip whole, none cut by the page's edge.
    const filters = page.locator('.need-filter');
    const scroll = await filters.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: getComputedStyle(el).overflowX }));
    if (scroll.scrollWidth > scroll.clientWidth) expect(scroll.overflowX).toBe('auto');
    const chips = await filters
      .locator('.chip')
      .evaluateAll((els) => els.map((el) => ({ text: (el as HTMLElement).innerText, fits: el.scrollWidth <= el.clientWidth + 1 })));
    expect(chips.length).toBeGreaterThan(1);
    expect(chips.filter((c) => !c.fits)).toEqual([]);
    // The last chip can be scrolled into full view.
    await filters.locator('.chip').last().scrollIntoViewIfNeeded();
    const last = await filters.locator('.chip').last().boundingBox();
    expect((last?.x ?? 0) + (last?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'field-phone-filters-scrolled', false);

    // The team's name is whole.
    const team = await page
      .locator('.field-team')
      .evaluate((el) => ({ text: (el as HTMLElement).innerText, whole: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1 }));
    expect(team.text).toMatch(/^Tổ công nghệ số/);
    expect(team.whole).toBe(true);

    expect(await axeViolations(page, 'field phone offline', ['critical', 'serious'])).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes a date typed as dd/mm/yyyy or picked on the calendar, and says in Vietnamese or English what is wrong with one', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await phoneWithFieldApp();
    await context.setOffline(true);
    await page.locator('.household-list').getByRole('link').first().click();
    await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ghi nhận hỗ trợ' }).waitFor();

    // Today, day first, whatever the browser's locale would show in its own date input.
    const date = page.getByLabel('Ngày hỗ trợ', { exact: true });
    // Days before today, so that the form's rule (not in the future) holds whenever the test runs.
    const daysAgo = (n: number) => new Date(Date.parse(todayInVietnam()) - n * 86_400_000).toISOString().slice(0, 10);
    const [y, m, d] = daysAgo(15).split('-');
    expect(await date.inputValue()).toBe(daysAgo(0).split('-').reverse().join('/'));
    await page.getByText('Ngày/tháng/năm, ví dụ 25/12/2025').waitFor();

    // A day that does not exist: said when the field is left, and tied to the field for screen readers.
    await date.fill('31/02/2025');
    await date.press('Tab');
    const noSuchDay = page.getByText('Không có ngày 31/02/2025: hãy kiểm tra ngày và tháng.');
    await noSuchDay.waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect((await date.getAttribute('aria-describedby'))?.split(' ')).toContain(await noSuchDay.getAttribute('id'));
    // Tab went on to the calendar button, which Enter opens.
    const pick = page.getByRole('button', { name: 'Chọn ngày hỗ trợ trên lịch' });
    expect(await pick.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'field-phone-date-problem', false);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (window as unknown as { pickerOpened?: number }).pickerOpened ?? 0)).toBe(1);
    // What the calendar sets arrives in the text as dd/mm/yyyy, and the problem goes.
    await page.locator('.date-field-picker').evaluate((el, day) => {
      const input = el as HTMLInputElement;
      input.value = day;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, daysAgo(10));
    expect(await date.inputValue()).toBe(daysAgo(10).split('-').reverse().join('/'));
    await noSuchDay.waitFor({ state: 'detached' });
    // A tap opens it too.
    await pick.tap();
    await expect.poll(() => page.evaluate(() => (window as unknown as { pickerOpened?: number }).pickerOpened ?? 0)).toBe(2);
    // Closed again, as a person would before typing: an open calendar takes the keys, Tab included.
    await page.keyboard.press('Escape');

    // Eight digits from the number pad, and dots, are days too.
    await date.fill(`${d}${m}${y}`);
    await date.press('Tab');
    expect(await date.getAttribute('aria-invalid')).toBeNull();
    // Left, the field writes the day back its own way.
    expect(await date.inputValue()).toBe(`${d}/${m}/${y}`);
    await date.fill('hôm qua');
    await date.press('Tab');
    await page.getByText('“hôm qua” không phải là ngày. Hãy gõ ngày/tháng/năm, ví dụ 25/12/2025.').waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByText('“hôm qua” is not a date. Type day/month/year, for example 25/12/2025.').waitFor();
    await page.getByRole('button', { name: 'VI', exact: true }).click();

    // Typed key by key, the text stays as typed (no key lost, the caret where it was) until the field is left.
    const dotted = `${Number(d)}.${Number(m)}.${y}`;
    await date.fill('');
    await date.pressSequentially(dotted);
    expect(await date.inputValue()).toBe(dotted);
    await date.press('Tab');
    expect(await date.inputValue()).toBe(`${d}/${m}/${y}`);

    // Saved, the visit holds the day the app keeps (YYYY-MM-DD).
    await page.getByLabel('Mở tài khoản thanh toán điện tử', { exact: true }).check();
    await page.getByLabel('Số người: Mở tài khoản thanh toán điện tử').fill('1');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    const visitedOn = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('banso-field');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('outbox').objectStore('outbox').getAll();
            request.onsuccess = () => resolve((request.result as { payload: { visitedOn?: string } }[]).map((m) => m.payload.visitedOn ?? ''));
            request.onerror = () => reject(request.error);
          };
        }),
    );
    expect(visitedOn).toEqual([daysAgo(15)]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
