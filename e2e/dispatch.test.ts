import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DayPlan, Parcel } from '../src/delivery/delivery.schema.ts';
import { formatNumber, todayInVietnam } from '../web/src/platform/format.ts';
import { DESKTOP, PHONE } from './app-server.ts';
import { apiAs, appInBrowser, axeViolations, logInFirstTime, openPage, shoot, type ApiCall } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-dispatch-admin-password-1';
const DISPATCHER_PASSWORD = 'e2e-dispatcher-password-1';
const COURIER_PASSWORD = 'e2e-dispatch-courier-password-1';

const suite = appInBrowser(ADMIN_PASSWORD);

const villageCode = async (call: ApiCall, search: string) =>
  (await call<{ items: { code: string }[] }>('GET', `/api/org-units?search=${encodeURIComponent(search)}&level=3`)).items[0]!.code;

/** The tracking codes of a list's items, in its order. */
const codesIn = (items: Locator) => items.evaluateAll((found) => found.map((item) => (item as HTMLElement).dataset.parcel ?? ''));

describe('the dispatcher plans the day', () => {
  it(
    'sees the hub’s parcels, plans the routes as a job, sees them on the offline map and in order, and the courier’s phone has its route',
    { timeout: 240_000 },
    async () => {
      const admin = await apiAs(suite.app, 'admin', ADMIN_PASSWORD);
      const day = todayInVietnam();
      const best = (await admin<{ items: { id: string; code: string }[] }>('GET', '/api/delivery/carriers')).items.find((c) => c.code === 'best_express')!;
      // Three parcels on the courier's communes (Kiên Mộc), one in Lăng Đồng, which no courier of Best Express covers.
      const hinDam = await villageCode(admin, 'hin dam');
      const langDong = await villageCode(admin, 'lang dong');
      const csv = [
        'Mã vận đơn,Người nhận,Số điện thoại,Mã thôn/bản,Tiền thu hộ,Khối lượng (gam)',
        `BE-DP-01,Hoàng Văn Cường,0912345601,${hinDam},120000,800`,
        `BE-DP-02,Lý Thị Mai,0912345602,${hinDam},0,600`,
        `BE-DP-03,Vi Văn Toàn,0912345603,${hinDam},85000,1200`,
        `BE-DP-09,Triệu Thị Hoa,0912345609,${langDong},60000,500`,
      ].join('\n');
      await admin('POST', `/api/delivery/manifests?carrier=${best.id}`, csv, 'text/csv');
      const parcels = (await admin<{ items: Parcel[] }>('GET', `/api/delivery/parcels?carrier=${best.id}&day=${day}`)).items;

      // The dispatcher opens the page from a link, logs in for the first time, and is back on it.
      const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(suite.app.baseUrl)) elsewhere.push(request.url());
      });
      await page.goto('/giao-hang');
      await page.locator('.notice').getByRole('link', { name: 'Đăng nhập' }).click();
      await page.waitForURL((url) => url.pathname === '/dang-nhap');
      await logInFirstTime(page, suite.app, 'dieuphoi.best', DISPATCHER_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/giao-hang');
      await page.getByRole('heading', { level: 1, name: 'Điều phối giao hàng' }).waitFor();
      await page.getByText('Hãng vận chuyển: Best Express').waitFor();
      expect(await page.getByRole('link', { name: 'Tuyến', exact: true }).getAttribute('aria-current')).toBe('page');

      // The day's parcels at the hub: as many as the server has (the demo's share the day, so counts are
      // read, never assumed), the journey's among them, with their villages' names.
      await expect.poll(() => page.locator('[data-figure="parcels"]').textContent()).toBe(formatNumber(parcels.length));
      await page.getByText(`Danh sách bưu gửi (${formatNumber(parcels.length)})`).click();
      const row = page.locator('tr[data-parcel="BE-DP-01"]');
      await expect.poll(() => row.innerText()).toContain('Hin Đăm');
      expect(await row.innerText()).toContain('120.000 ₫');

      // Planning runs as a job; the page follows it and hands the focus to the routes when they are in.
      await page.getByRole('button', { name: /^Lập (lại )?tuyến/ }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 60_000 }).toBe('dlv-plan');
      const plan = (await admin<{ plan: DayPlan }>('GET', `/api/delivery/plans/latest?carrier=${best.id}&day=${day}`)).plan;
      expect(plan.state).toBe('done');
      const planned = plan.routes.flatMap((r) => r.stops.map((s) => s.trackingCode));
      expect(planned).toEqual(expect.arrayContaining(['BE-DP-01', 'BE-DP-02', 'BE-DP-03']));
      // Each courier's route as an ordered list, in the solver's order.
      for (const route of plan.routes) {
        const list = page.getByRole('list', { name: `Các điểm giao của ${route.courier.name}, theo thứ tự` });
        expect(await codesIn(list.locator(':scope > li'))).toEqual(route.stops.map((s) => s.trackingCode));
      }
      // The parcel no courier covers is named, with the reason.
      const unplaced = page.locator('.dlv-unassigned li[data-parcel="BE-DP-09"]');
      expect(await unplaced.innerText()).toContain('Triệu Thị Hoa');
      expect(await unplaced.innerText()).toContain('Không có người giao hàng nào của hãng phụ trách xã này.');
      // The map: the communes' outlines and one line per courier, and not a single tile or request elsewhere.
      await expect.poll(() => page.locator('.dlv-map path.dlv-route-line').count()).toBe(plan.routes.length);
      expect(await page.locator('.dlv-map .leaflet-tile').count()).toBe(0);
      expect(elsewhere).toEqual([]);
      expect(await axeViolations(page, 'dispatch, planned', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'dispatch-desktop');

      // English is one click away, the solver's reason included.
      await page.getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { level: 1, name: 'Delivery dispatch' }).waitFor();
      expect(await unplaced.innerText()).toContain('No courier of the carrier covers this commune.');
      expect(await axeViolations(page, 'dispatch, English', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'dispatch-desktop-en', false);
      await page.getByRole('button', { name: 'VI' }).click();
      await page.getByRole('heading', { level: 1, name: 'Điều phối giao hàng' }).waitFor();

      // On a phone the same page, one column.
      await page.setViewportSize(PHONE);
      await page.locator('.dlv-map path.dlv-route-line').first().waitFor();
      expect(await axeViolations(page, 'dispatch, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'dispatch-phone');
      expect(problems).toEqual([]);
      await context.close();

      // The courier's phone shows the route the dispatcher just planned, in the same order.
      const phone = await openPage(suite.browser, suite.app, PHONE, { isMobile: true, hasTouch: true });
      await phone.page.goto('/giao-hang/hom-nay');
      await phone.page.waitForURL((url) => url.pathname === '/dang-nhap');
      await logInFirstTime(phone.page, suite.app, 'giao.best', COURIER_PASSWORD);
      await phone.page.waitForURL((url) => url.pathname === '/giao-hang/hom-nay');
      await phone.page.locator('li[data-parcel="BE-DP-03"]').waitFor({ timeout: 60_000 });
      const courierRoute = plan.routes.find((r) => r.stops.some((s) => s.trackingCode === 'BE-DP-01'))!;
      const onPhone = await codesIn(phone.page.locator('.courier-stops li[data-parcel]'));
      expect(onPhone).toEqual(courierRoute.stops.map((s) => s.trackingCode));
      expect(onPhone).toEqual(expect.arrayContaining(['BE-DP-01', 'BE-DP-02', 'BE-DP-03']));
      await shoot(phone.page, 'dispatch-courier-phone', false);
      expect(phone.problems).toEqual([]);
      await phone.context.close();
    },
  );
});
