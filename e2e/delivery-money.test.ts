import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CashDay } from '../src/delivery/cash.schema.ts';
import type { CourierDay } from '../src/delivery/courier.schema.ts';
import type { Dropped } from '../src/delivery/pickup-point.schema.ts';
import { newId } from '../src/platform/ids.ts';
import type { MutationResult } from '../src/sync/sync.schema.ts';
import { deliverMutation } from '../testing/courier-test-kit.ts';
import { formatMoney, todayInVietnam } from '../web/src/platform/format.ts';
import { PHONE } from './app-server.ts';
import { apiAs, apiFirstTime, appInBrowser, axeViolations, demoPassword, logInFirstTime, logInWithOneTimePassword, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-money-admin-password-1';
const DISPATCHER_PASSWORD = 'e2e-money-dispatcher-password-1';
const COURIER_PASSWORD = 'e2e-money-courier-password-1';
const SELLER_PASSWORD = 'e2e-money-seller-password-1';
const KEEPER_PASSWORD = 'e2e-money-keeper-password-1';
const POINT_NAME = 'Nhà văn hóa thôn Hin Đăm';
/** The refusals the journey asks for: the browser logs each refused request as a console error. */
const REFUSED = /status of 40[09]/;

const suite = appInBrowser(ADMIN_PASSWORD);

/** Waits until one of `locator`'s elements shows `text` (a part of its text). */
const shows = (locator: Locator, text: string) => locator.filter({ hasText: text }).first().waitFor();

/** The id of the focused element. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** A code that is not the recipient's. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('the carrier’s money and the village pickup point, on phones', () => {
  it(
    'counts a courier’s cash, remits COD to a seller never past what is owed, and hands parcels over at the pickup point only against the right code',
    { timeout: 300_000 },
    async () => {
      const admin = await apiAs(suite.app, 'admin', ADMIN_PASSWORD);
      const day = todayInVietnam();
      const month = day.slice(0, 7);
      const monthShown = `${month.slice(5)}/${month.slice(0, 4)}`;
      const best = (await admin<{ items: { id: string; code: string }[] }>('GET', '/api/delivery/carriers')).items.find((c) => c.code === 'best_express')!;
      const [hinDam] = (await admin<{ items: { code: string }[] }>('GET', '/api/org-units?search=hin%20dam&level=3')).items;
      // The province's administrator sets up the village's shared pickup point.
      const { id: pointId } = await admin<{ id: string }>('POST', '/api/delivery/pickup-points', {
        villageCode: hinDam!.code,
        name: POINT_NAME,
        latitude: 21.6512,
        longitude: 107.2415,
      });

      // The journey's own seller, shop and cash-on-delivery order, so the COD owed is the journey's alone.
      const seller = await admin<{ account: { id: string }; oneTimePassword: string }>('POST', '/api/accounts', {
        username: 'ban.matong.hindam',
        displayName: 'Chị Lý Thị Mai',
        role: 'seller',
        orgUnitCode: hinDam!.code,
      });
      const shop = await admin<{ id: string; name: string }>('POST', '/api/shops', {
        name: 'Mật ong rừng Hin Đăm',
        villageCode: hinDam!.code,
        bankAccount: { bankBin: '970405', accountNumber: '6666123456', holderName: 'LY THI MAI' },
        sellerAccountIds: [seller.account.id],
      });
      const sellerApi = await apiFirstTime(suite.app, 'ban.matong.hindam', seller.oneTimePassword, SELLER_PASSWORD);
      const product = await sellerApi<{ id: string }>('POST', `/api/shops/${shop.id}/products`, {
        name: 'Mật ong rừng',
        unit: 'chai',
        price: 150_000,
        stock: 10,
      });
      const order = await admin<{ code: string }>('POST', '/api/orders', {
        shopId: shop.id,
        buyerName: 'Hoàng Thị Lan',
        phone: '0912 345 690',
        villageCode: hinDam!.code,
        lines: [{ productId: product.id, quantity: 1 }],
        delivery: { kind: 'courier' },
        paymentMethod: 'cash',
      });
      const parcelCodes = async () =>
        (await admin<{ items: { trackingCode: string }[] }>('GET', `/api/delivery/parcels?carrier=${best.id}&day=${day}`)).items.map((p) => p.trackingCode);
      // The order reaches delivery through the outbox.
      await expect.poll(parcelCodes, { timeout: 30_000, interval: 500 }).toContain(order.code);
      const csv = [
        'Mã vận đơn,Người nhận,Số điện thoại,Mã thôn/bản,Tiền thu hộ,Khối lượng (gam)',
        `BE-TIEN-01,Hoàng Văn Cường,0912345611,${hinDam!.code},250000,800`,
        `BE-TIEN-02,Vi Thị Hằng,0912345612,${hinDam!.code},90000,600`,
        `BE-TIEN-03,Lương Văn Sáng,0912345613,${hinDam!.code},0,500`,
      ].join('\n');
      await admin('POST', `/api/delivery/manifests?carrier=${best.id}`, csv, 'text/csv');

      // The day planned (after the demo's own plan of the day, queued at its start, is done).
      const latest = async () =>
        (await admin<{ plan: { id: string; state: string } | null }>('GET', `/api/delivery/plans/latest?carrier=${best.id}&day=${day}`)).plan;
      await expect.poll(async () => (await latest())?.state ?? 'none', { timeout: 60_000, interval: 1000 }).not.toBe('queued');
      const { planId } = await admin<{ planId: string }>('POST', '/api/delivery/plans', { carrier: best.id, day });
      await expect.poll(async () => (await latest())?.state === 'done' && (await latest())?.id === planId, { timeout: 60_000, interval: 1000 }).toBe(true);

      // The courier delivers two parcels against cash and leaves two at the village's pickup point.
      const courier = await apiFirstTime(suite.app, 'giao.best', demoPassword(suite.app, 'giao.best'), COURIER_PASSWORD);
      const stops = (await courier<CourierDay>('GET', '/api/delivery/courier/day')).route!.stops;
      const stop = (code: string) => stops.find((s) => s.trackingCode === code)!;
      const pushed = await courier<{ results: MutationResult[] }>('POST', '/api/sync/push', {
        deviceId: newId(),
        mutations: [deliverMutation(stop('BE-TIEN-01')), deliverMutation(stop(order.code))],
      });
      expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const drop = (code: string) => courier<Dropped>('POST', `/api/delivery/parcels/${stop(code).parcelId}/pickup-point`, { pickupPointId: pointId });
      const atPoint = { right: await drop('BE-TIEN-02'), held: await drop('BE-TIEN-03') };

      // The point's keeper: an account of the village, made keeper of the point.
      const keeper = await admin<{ account: { id: string }; oneTimePassword: string }>('POST', '/api/accounts', {
        username: 'giu.diem.hindam',
        displayName: 'Bà Triệu Thị Lành',
        role: 'pickup_keeper',
        orgUnitCode: hinDam!.code,
      });
      await admin('POST', `/api/delivery/pickup-points/${pointId}/keepers`, { accountId: keeper.account.id });

      // The dispatcher, on a phone at the hub in the evening: the courier's cash, counted 50.000 ₫ short.
      const cashDay = await admin<CashDay>('GET', `/api/delivery/cash?carrier=${best.id}&day=${day}`);
      const tu = cashDay.couriers.find((c) => c.courier.name.startsWith('Hoàng Văn Tú'))!;
      expect(tu.cashToHandOver).toBeGreaterThanOrEqual(250_000 + 150_000);
      const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
      await page.goto('/giao-hang?xem=tien');
      await page.locator('.notice').getByRole('link', { name: 'Đăng nhập' }).click();
      await logInFirstTime(page, suite.app, 'dieuphoi.best', DISPATCHER_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/giao-hang' && url.search === '?xem=tien');
      await page.getByRole('heading', { level: 2, name: /^Tiền cuối ngày/ }).waitFor();
      // The page's four parts on one line of a 360-pixel phone.
      const tabTops = await page.locator('nav.tabs a').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
      expect(tabTops).toHaveLength(4);
      expect(new Set(tabTops).size).toBe(1);
      const courierBox = page.locator(`section.cash-courier[data-holder="${tu.courier.id}"]`);
      const counted = courierBox.getByLabel('Tiền mặt đếm được (đồng)');
      await courierBox.getByText(`Phải nộp ${formatMoney(tu.cashToHandOver)}`).waitFor();
      // Nothing typed: said beside the field, which takes the focus.
      await courierBox.getByRole('button', { name: 'Ghi nhận tiền nộp' }).click();
      await courierBox.getByText('Hãy nhập số tiền.').waitFor();
      expect(await counted.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => focusedId(page)).toBe(`cash-${tu.courier.id}-counted`);
      await counted.fill(String(tu.cashToHandOver - 50_000));
      await courierBox.getByLabel('Ghi chú (nếu có)').fill('Thiếu 50.000 ₫, anh Tú nộp bù sáng mai');
      expect(await counted.inputValue()).toBe(new Intl.NumberFormat('vi-VN').format(tu.cashToHandOver - 50_000));
      await courierBox.getByRole('button', { name: 'Ghi nhận tiền nộp' }).click();
      await shows(
        courierBox.getByRole('status'),
        `đếm được ${formatMoney(tu.cashToHandOver - 50_000)}, phải nộp ${formatMoney(tu.cashToHandOver)}, thiếu ${formatMoney(50_000)}.`,
      );
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
      await expect
        .poll(() => page.locator(`tr[data-courier="${tu.courier.id}"]`).innerText())
        .toContain(`${formatMoney(tu.cashToHandOver - 50_000)} · thiếu ${formatMoney(50_000)}`);
      expect(await axeViolations(page, 'end-of-day cash, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'delivery-cash-phone');

      // COD owed to the journey's seller for the month: the order's 150.000 ₫, never remitted past it.
      await page.getByRole('link', { name: 'Thu hộ', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: `Tiền thu hộ trả người bán, tháng ${monthShown}` }).waitFor();
      const shopRow = page.locator(`tr[data-shop="${shop.id}"]`);
      expect(await shopRow.innerText()).toContain(formatMoney(150_000));
      await page.getByLabel('Cửa hàng', { exact: true }).selectOption(shop.id);
      const amount = page.getByLabel('Số tiền đã chuyển (đồng)');
      await amount.fill('200.000');
      await page.getByLabel('Mã giao dịch ngân hàng (nếu có)').fill('FT26120512345');
      await page.getByRole('button', { name: 'Ghi nhận tiền đã chuyển' }).click();
      const refusal = page.locator('#cod-amount-problem');
      await shows(refusal, `Hãng chỉ còn nợ cửa hàng ${formatMoney(150_000)} tiền thu hộ của tháng ${monthShown}.`);
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => focusedId(page)).toBe('cod-amount');
      expect(await axeViolations(page, 'COD refused, phone', ['critical', 'serious'])).toEqual([]);
      await page.getByRole('button', { name: 'EN' }).click();
      await shows(refusal, `The carrier owes the shop only ${formatMoney(150_000)} of COD for ${monthShown}.`);
      expect(await page.getByLabel('Amount sent (đồng)').getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page, 'COD refused, English', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'delivery-cod-refused-en-phone');
      await page.getByRole('button', { name: 'VI' }).click();
      await amount.fill('100000');
      await page.getByRole('button', { name: 'Ghi nhận tiền đã chuyển' }).click();
      await shows(page.getByRole('status'), `Đã ghi nhận ${formatMoney(100_000)} chuyển cho ${shop.name}, tháng ${monthShown}. Còn nợ ${formatMoney(50_000)}.`);
      await expect.poll(() => shopRow.innerText()).toMatch(new RegExp(`${formatMoney(100_000)}\\s+${formatMoney(50_000)}$`));
      expect(await axeViolations(page, 'COD remitted, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'delivery-cod-phone');

      // The keeper, on her phone at the cultural house: two parcels wait, each for its recipient's code.
      const point = await openPage(suite.browser, suite.app, PHONE, { isMobile: true, hasTouch: true });
      const kp = point.page;
      await kp.goto('/diem-nhan-hang');
      await kp.locator('.notice').getByRole('link', { name: 'Đăng nhập' }).click();
      await logInWithOneTimePassword(kp, 'giu.diem.hindam', keeper.oneTimePassword, KEEPER_PASSWORD);
      await kp.waitForURL((url) => url.pathname === '/diem-nhan-hang');
      await kp.getByRole('heading', { level: 2, name: POINT_NAME }).waitFor();
      await kp.getByText('Đang chờ người nhận: 2').waitFor();
      expect(await kp.locator('li[data-parcel="BE-TIEN-02"]').innerText()).toContain(`Thu ${formatMoney(90_000)} tiền mặt`);
      expect(await axeViolations(kp, 'pickup point, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(kp, 'pickup-point-phone');

      // A wrong code is refused beside the field, which takes the focus back; the right one (typed with a space) hands it over.
      const codeField = kp.getByLabel('Mã nhận hàng của người nhận');
      const codeProblem = kp.locator(`#point-${pointId}-code-problem`);
      await kp.getByLabel('Bưu gửi', { exact: true }).selectOption('BE-TIEN-02');
      await codeField.fill(wrongCode(atPoint.right.collectionCode));
      await kp.getByRole('button', { name: 'Giao cho người nhận' }).click();
      await shows(codeProblem, 'Mã nhận hàng không đúng. Còn 4 lần thử.');
      await expect.poll(() => focusedId(kp)).toBe(`point-${pointId}-code`);
      expect(await axeViolations(kp, 'pickup point, wrong code', ['critical', 'serious'])).toEqual([]);
      await shoot(kp, 'pickup-wrong-code-phone', false);
      const right = atPoint.right.collectionCode;
      await codeField.fill(`${right.slice(0, 3)} ${right.slice(3)}`);
      await kp.getByRole('button', { name: 'Giao cho người nhận' }).click();
      await shows(kp.getByRole('status'), `Đã giao BE-TIEN-02 cho người nhận. Thu ${formatMoney(90_000)} tiền mặt.`);
      await kp.getByText('Đang chờ người nhận: 1').waitFor();

      // Five wrong codes hold the prepaid parcel until the carrier gives its recipient a new one.
      await kp.getByLabel('Bưu gửi', { exact: true }).selectOption('BE-TIEN-03');
      for (const left of [4, 3, 2, 1]) {
        await codeField.fill(wrongCode(atPoint.held.collectionCode));
        await kp.getByRole('button', { name: 'Giao cho người nhận' }).click();
        await shows(codeProblem, `Còn ${left} lần thử.`);
      }
      await codeField.fill(wrongCode(atPoint.held.collectionCode));
      await kp.getByRole('button', { name: 'Giao cho người nhận' }).click();
      await shows(kp.getByRole('alert'), 'Đã nhập sai mã 5 lần');
      await shows(kp.locator('li.is-held[data-parcel="BE-TIEN-03"]'), 'Nhập sai mã quá nhiều lần');
      expect(await kp.getByRole('button', { name: 'Giao cho người nhận' }).count()).toBe(0);
      expect(await axeViolations(kp, 'pickup point, held', ['critical', 'serious'])).toEqual([]);
      await shoot(kp, 'pickup-held-phone');
      expect(point.problems.filter((p) => !REFUSED.test(p))).toEqual([]);
      await point.context.close();

      // The recipient calls the carrier: the dispatcher finds the held parcel and reads her a new code.
      await page.getByRole('link', { name: 'Cần xử lý', exact: true }).click();
      const heldRow = page.locator('.dlv-at-points li[data-parcel="BE-TIEN-03"]');
      await shows(heldRow, 'Bị giữ: nhập sai mã quá nhiều lần');
      expect(await heldRow.innerText()).toContain(POINT_NAME);
      await heldRow.getByRole('button', { name: 'Cấp mã nhận mới cho BE-TIEN-03' }).click();
      const newCode = page.locator('.dlv-at-points').getByRole('status');
      await expect
        .poll(() => newCode.innerText())
        .toMatch(/^Mã nhận mới của BE-TIEN-03: \d{3} \d{3}\. Hãy đọc cho người nhận \(•*\d{3}\); mã chỉ hiện lần này\.$/);
      await expect.poll(() => heldRow.innerText()).not.toContain('Bị giữ');
      expect(await axeViolations(page, 'new collection code, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'delivery-new-code-phone');

      // Back at the hub: the keeper brings the 90.000 ₫ she took at the point, counted once like a courier's.
      await page.getByRole('link', { name: 'Tiền mặt', exact: true }).click();
      const pointBox = page.locator(`section.cash-courier[data-holder="${pointId}"]`);
      await shows(pointBox.locator('p.muted'), `phải nộp ${formatMoney(90_000)}`);
      await pointBox.getByLabel('Tiền mặt đếm được (đồng)').fill('90000');
      await pointBox.getByRole('button', { name: 'Ghi nhận tiền nộp' }).click();
      await shows(pointBox.getByRole('status'), `đếm được ${formatMoney(90_000)}, phải nộp ${formatMoney(90_000)}, đủ.`);
      expect(await axeViolations(page, 'pickup point cash, phone', ['critical', 'serious'])).toEqual([]);
      await shoot(page, 'delivery-point-cash-phone');
      expect(problems.filter((p) => !REFUSED.test(p))).toEqual([]);
      await context.close();
    },
  );
});
