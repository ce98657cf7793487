import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../web/src/platform/format.ts';
import { PHONE } from './app-server.ts';
import { apiAs, appInBrowser, axeViolations, logInFirstTime, shoot, watchProblems } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-courier-admin-password-1';
const COURIER_PASSWORD = 'e2e-courier-password-1';
const COD_ACCOUNT = { bankBin: '970436', accountNumber: '0451000123456', holderName: 'BEST EXPRESS LANG SON' };
/** Console errors that going offline causes on purpose, and the 401 of a visitor not logged in. */
const OFFLINE_NOISE = /status of 401|ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/;

const suite = appInBrowser(ADMIN_PASSWORD);

type PlanStop = { trackingCode: string; state: string };

async function deliverAtDoor(page: Page, tracking: string, act: () => Promise<void>): Promise<void> {
  await page.locator(`li[data-parcel="${tracking}"] .courier-stop-open`).click();
  await page.locator('#stop-title').waitFor();
  await act();
  // Back on the list, or a form's complaint (a missing proof) said at once rather than after a timeout.
  const complaint = page.locator('.courier-form .field-problem');
  await page.locator(`li[data-parcel="${tracking}"]`).or(complaint).first().waitFor();
  expect(await complaint.allTextContents()).toEqual([]);
}

describe('the courier app on a phone', () => {
  it('loads the day, delivers offline with cash and the VietQR, fails one, and the server has it all once back online', { timeout: 240_000 }, async () => {
    const call = await apiAs(suite.app, 'admin', ADMIN_PASSWORD);
    const day = todayInVietnam();
    const best = (await call<{ items: { id: string; code: string }[] }>('GET', '/api/delivery/carriers')).items.find((c) => c.code === 'best_express')!;
    await call('PUT', `/api/delivery/carriers/${best.id}/cod-account`, COD_ACCOUNT);
    const feed = await call<{ feed: { id: string }; secret: string }>('POST', `/api/payments/payees/carrier/${best.id}/feeds`, {
      provider: 'sepay',
      accountNumber: COD_ACCOUNT.accountNumber,
    });
    const [hinDam] = (await call<{ items: { code: string }[] }>('GET', '/api/org-units?search=hin%20dam&level=3')).items;
    const csv = [
      'Mã vận đơn,Người nhận,Số điện thoại,Mã thôn/bản,Tiền thu hộ,Khối lượng (gam)',
      `BE-E2E-1,Hoàng Văn Cường,0912345671,${hinDam!.code},120000,800`,
      `BE-E2E-2,Lý Thị Mai,0912345672,${hinDam!.code},85000,600`,
      `BE-E2E-3,Vi Văn Toàn,0912345673,${hinDam!.code},0,500`,
    ].join('\n');
    await call('POST', `/api/delivery/manifests?carrier=${best.id}`, csv, 'text/csv');
    await call('POST', '/api/delivery/plans', { carrier: best.id, day });
    // The commune's delivered parcels this month, as the dashboard reads them: two more once the phone is back.
    const delivered = async () => {
      const month = day.slice(0, 4) + day.slice(5, 7);
      const { cells } = await call<{ cells: { indicator: string; orgUnit: string; value: number | null }[] }>(
        'GET',
        `/api/indicator-values?indicator=DLV_PARCELS&orgUnit=${hinDam!.code.slice(0, 5)}&period=${month}`,
      );
      return cells.find((c) => c.orgUnit === hinDam!.code.slice(0, 5))?.value ?? 0;
    };
    const plan = async () =>
      (await call<{ plan: { state: string; routes: { stops: PlanStop[] }[] } | null }>('GET', `/api/delivery/plans/latest?carrier=${best.id}&day=${day}`)).plan;
    await expect.poll(async () => (await plan())?.state, { timeout: 60_000, interval: 1000 }).toBe('done');

    const deliveredBefore = await delivered();

    // The courier's phone: the first log-in, then the day on screen and the app cached for offline.
    const context = await suite.browser.newContext({
      viewport: PHONE,
      baseURL: suite.app.baseUrl,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      serviceWorkers: 'allow',
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    watchProblems(page, problems, OFFLINE_NOISE);
    await page.goto('/giao-hang/hom-nay');
    await page.waitForURL((url) => url.pathname === '/dang-nhap');
    await logInFirstTime(page, suite.app, 'giao.best', COURIER_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/giao-hang/hom-nay');
    await page.locator('li[data-parcel="BE-E2E-3"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    // The demo's own parcels of the day share the route: the journey's three are among its stops.
    expect(await page.locator('.courier-stops li[data-parcel^="BE-E2E-"]').count()).toBe(3);
    expect(await page.locator('li[data-parcel="BE-E2E-1"] a[href^="tel:"]').getAttribute('href')).toBe('tel:+84912345671');
    expect(await axeViolations(page, 'courier day', ['critical', 'serious'])).toEqual([]);

    // No signal from here.
    await context.setOffline(true);
    await page.locator('.sync-bar.is-offline').waitFor();
    await deliverAtDoor(page, 'BE-E2E-1', async () => {
      await page.getByLabel('Mã trên trang đơn hàng của người nhận').fill('be-e2e-1');
      await page.getByRole('button', { name: 'Ghi đã giao' }).click();
    });
    let content = '';
    await deliverAtDoor(page, 'BE-E2E-2', async () => {
      await page.getByLabel('Chuyển khoản (quét mã QR)').check();
      await page.locator('svg.vietqr').waitFor();
      content = ((await page.locator('.courier-qr p').first().textContent()) ?? '').split(' · ').at(-1)!.trim();
      await shoot(page, 'courier-qr-offline');
      expect(await axeViolations(page, 'courier stop with QR', ['critical', 'serious'])).toEqual([]);
      await page.getByLabel('Chữ ký').check();
      // On a 740-pixel-high phone the pad can sit below the fold: bring it into view before
      // reading where it is, or the finger lands outside the page and nothing is signed.
      const canvas = page.locator('canvas.signature-pad');
      await canvas.scrollIntoViewIfNeeded();
      await canvas.hover({ position: { x: 20, y: 40 } });
      const pad = (await canvas.boundingBox())!;
      await page.mouse.down();
      await page.mouse.move(pad.x + pad.width / 2, pad.y + 20, { steps: 5 });
      await page.mouse.move(pad.x + pad.width - 20, pad.y + pad.height - 20, { steps: 5 });
      await page.mouse.up();
      await page.getByRole('button', { name: 'Ghi đã giao' }).click();
    });
    await deliverAtDoor(page, 'BE-E2E-3', async () => {
      await page.getByLabel('Lý do').selectOption('refused');
      await page.getByRole('button', { name: 'Ghi không giao được' }).click();
    });
    await page.locator('.sync-bar[data-waiting="3"]').waitFor();
    await shoot(page, 'courier-day-offline');

    // Signal again: the outbox empties by itself.
    await context.setOffline(false);
    await page.locator('.sync-bar[data-waiting="0"]').waitFor({ timeout: 60_000 });
    const states = Object.fromEntries(
      (await plan())!.routes
        .flatMap((r) => r.stops)
        .filter((s) => s.trackingCode.startsWith('BE-E2E-'))
        .map((s) => [s.trackingCode, s.state]),
    );
    expect(states).toEqual({ 'BE-E2E-1': 'delivered', 'BE-E2E-2': 'delivered', 'BE-E2E-3': 'failed' });
    expect(await delivered()).toBe(deliveredBefore + 2);

    // The recipient's transfer reaches the carrier's account: the parcel turns paid by itself.
    expect(content).toMatch(/^BS[0-9A-Z]{7}$/);
    const notified = await fetch(`${suite.app.baseUrl}/api/payments/webhooks/sepay/${feed.feed.id}`, {
      method: 'POST',
      headers: { authorization: `Apikey ${feed.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 880001,
        gateway: 'Vietcombank',
        transactionDate: `${day} 10:14:51`,
        accountNumber: COD_ACCOUNT.accountNumber,
        code: null,
        content: `MBVCB.1234.${content.toLowerCase()}.chuyen tien hang`,
        transferType: 'in',
        transferAmount: 85_000,
        accumulated: 0,
        subAccount: null,
        referenceCode: 'FT880001',
        description: '',
      }),
    });
    expect(notified.status).toBe(200);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Đồng bộ' }).click();
          return page.locator('li[data-parcel="BE-E2E-2"]').textContent();
        },
        { timeout: 30_000, interval: 1500 },
      )
      .toContain('đã nhận chuyển khoản');
    await shoot(page, 'courier-day-synced');
    expect(problems).toEqual([]);
    await context.close();
  });
});
