import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './app-server.ts';
import { csvFile } from '../testing/test-files.ts';
import { apiAs, appInBrowser, axeViolations, logInWithOneTimePassword, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-market-password-1';
const SELLER_PASSWORD = 'e2e-seller-password-1';

const suite = appInBrowser(ADMIN_PASSWORD);

/** The API from a page, with its session and CSRF token: what the seller's own phone sends. */
function pageApi(page: Page) {
  return <T>(method: string, path: string, body: unknown) =>
    page.evaluate(
      async ({ method, path, body }) => {
        const me = await (await fetch('/api/auth/me')).json();
        const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as T };
      },
      { method, path, body },
    );
}

/** A SePay notification of money in, signed with the feed's API key, as SePay posts it. */
function notifySepay(feedId: string, apiKey: string, transfer: { id: number; accountNumber: string; content: string; amount: number }) {
  return fetch(`${suite.app.baseUrl}/api/payments/webhooks/sepay/${feedId}`, {
    method: 'POST',
    headers: { authorization: `Apikey ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: transfer.id,
      gateway: 'Agribank',
      transactionDate: '2026-12-05 10:14:51',
      accountNumber: transfer.accountNumber,
      code: null,
      content: transfer.content,
      transferType: 'in',
      transferAmount: transfer.amount,
      accumulated: 0,
      subAccount: null,
      referenceCode: `FT${transfer.id}`,
      description: '',
    }),
  });
}

describe('the village market on a phone', () => {
  it('a buyer orders from the herbalist of Lăng Đồng and sees the VietQR; the seller prepares it for the market day', { timeout: 240_000 }, async () => {
    const call = await apiAs(suite.app, 'admin', ADMIN_PASSWORD);
    const [langDong] = (await call<{ items: { code: string }[] }>('GET', '/api/org-units?search=lang%20dong&level=3')).items;
    const seller = await call<{ account: { id: string }; oneTimePassword: string }>('POST', '/api/accounts', {
      username: 'ban.langdong',
      displayName: 'Bà Tẩn',
      role: 'seller',
      orgUnitCode: langDong!.code,
    });
    const shop = await call<{ id: string; slug: string }>('POST', '/api/shops', {
      name: 'Thuốc nam Bà Tẩn',
      villageCode: langDong!.code,
      description: 'Thuốc nam gia truyền của người Dao.',
      bankAccount: { bankBin: '970405', accountNumber: '8888123456', holderName: 'TRIEU THI TAN' },
      sellerAccountIds: [seller.account.id],
    });
    await call('POST', '/api/markets', {
      name: 'Chợ phiên Nhất Hòa',
      communeCode: langDong!.code.slice(0, 5),
      schedule: { rule: { kind: 'lunar_day_digits', digits: [1, 6] } },
      shopIds: [shop.id],
    });

    // The seller adds her products on her phone's session (first log-in changes the one-time password).
    const { context: sellerContext, page: sellerPage } = await openPage(suite.browser, suite.app, PHONE);
    await sellerPage.goto('/dang-nhap?next=%2Fban-hang');
    await logInWithOneTimePassword(sellerPage, 'ban.langdong', seller.oneTimePassword, SELLER_PASSWORD);
    await sellerPage.waitForURL((url) => url.pathname === '/ban-hang');
    const added = await pageApi(sellerPage)('POST', `/api/shops/${shop.id}/products`, { name: 'Lá tắm người Dao', unit: 'bó', price: 50000, stock: 30 });
    expect(added.status).toBe(201);

    // The buyer, on another phone, opens the shared link and orders for the next market day.
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto(`/cua-hang/${shop.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Thuốc nam Bà Tẩn' }).waitFor();
    await page.getByLabel('Số lượng Lá tắm người Dao').fill('2');
    await page.getByText('Tổng cộng: 100.000 ₫').waitFor();
    await page.getByLabel('Họ và tên').fill('Hoàng Văn Minh');
    await page.getByLabel('Số điện thoại').fill('0912 345 678');
    await page.getByLabel('Thôn, bản của bạn').fill('hin dam');
    await page
      .getByRole('button', { name: /Hin Đăm/ })
      .first()
      .click();
    const marketChoice = page.getByLabel(/Nhận ở chợ phiên Chợ phiên Nhất Hòa/).first();
    await marketChoice.check();
    expect(await axeViolations(page, 'shop page')).toEqual([]);
    await shoot(page, 'market-shop-phone');
    await page.getByRole('button', { name: 'Gửi đơn hàng' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/don-hang/'));
    await page.getByRole('heading', { level: 2, name: 'Quét mã để chuyển khoản' }).waitFor();
    expect(await page.locator('.qr svg').count()).toBe(1);
    await page.getByText('Số tiền: 100.000 ₫').waitFor();
    const code = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Đơn hàng ', '');
    expect(code).toMatch(/^BS[2-9A-Z]{7}$/);
    await page.getByText(`Nội dung: ${code}`).waitFor();
    expect(await axeViolations(page, 'order page')).toEqual([]);
    await shoot(page, 'market-order-phone');

    // The seller has linked her bank's notifications (SePay) to the shop; the buyer's transfer arrives
    // with the code as her bank wrote it, and the order page turns paid by itself.
    const { body: feed } = await pageApi(sellerPage)<{ feed: { id: string }; secret: string }>('POST', `/api/payments/payees/shop/${shop.id}/feeds`, {
      provider: 'sepay',
      accountNumber: '8888123456',
    });
    const notified = await notifySepay(feed.feed.id, feed.secret, {
      id: 880001,
      accountNumber: '8888123456',
      content: `IBFT ${code.toLowerCase()} HOANG VAN MINH chuyen tien`,
      amount: 100_000,
    });
    expect(notified.status).toBe(200);
    await page.locator('[data-status="paid"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.qr svg').count()).toBe(0);
    await shoot(page, 'market-order-paid-phone');
    expect(problems).toEqual([]);
    await context.close();

    // A neighbour orders for the same market day and pays cash there: nothing to wait for.
    const page2 = await call<{ markets: { id: string; nextDays: { date: string }[] }[]; products: { id: string }[] }>('GET', `/api/shop-pages/${shop.slug}`);
    const cash = await call<{ code: string }>('POST', '/api/orders', {
      shopId: shop.id,
      buyerName: 'Lý Thị Mai',
      phone: '0987 654 321',
      villageCode: langDong!.code,
      lines: [{ productId: page2.products[0]!.id, quantity: 1 }],
      delivery: { kind: 'market_day', marketId: page2.markets[0]!.id, date: page2.markets[0]!.nextDays[0]!.date },
      paymentMethod: 'cash',
    });

    // The seller sees the orders with the buyers' phones, and marks the cash one ready for the market day.
    await sellerPage.reload();
    const order = sellerPage.locator('.seller-order', { hasText: code });
    await order.waitFor();
    expect(await order.innerText()).toContain('0912 345 678');
    const cashOrder = sellerPage.locator('.seller-order', { hasText: cash.code });
    await cashOrder.getByRole('button', { name: 'Đã chuẩn bị xong' }).click();
    await sellerPage.getByText(`Đơn ${cash.code}: Đã chuẩn bị xong.`).waitFor();
    // The transfer order, paid, is prepared for the market day too.
    await order.getByRole('button', { name: 'Đã chuẩn bị xong' }).click();
    await sellerPage.getByText(`Đơn ${code}: Đã chuẩn bị xong.`).waitFor();
    await shoot(sellerPage, 'market-seller-phone');
    await sellerContext.close();
  });

  it('a seller connects her bank’s notifications, and matches by hand a transfer whose code her bank mangled', { timeout: 120_000 }, async () => {
    const call = await apiAs(suite.app, 'admin', ADMIN_PASSWORD);
    const [village] = (await call<{ items: { code: string }[] }>('GET', '/api/org-units?search=hin%20dam&level=3')).items;
    const seller = await call<{ account: { id: string }; oneTimePassword: string }>('POST', '/api/accounts', {
      username: 'ban.matong',
      displayName: 'Chị Mai',
      role: 'seller',
      orgUnitCode: village!.code,
    });
    const shop = await call<{ id: string; slug: string }>('POST', '/api/shops', {
      name: 'Mật ong Hin Đăm',
      villageCode: village!.code,
      bankAccount: { bankBin: '970405', accountNumber: '7777123456', holderName: 'LY THI MAI' },
      sellerAccountIds: [seller.account.id],
    });
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto('/dang-nhap?next=%2Fban-hang');
    await logInWithOneTimePassword(page, 'ban.matong', seller.oneTimePassword, SELLER_PASSWORD);
    const product = await pageApi(page)<{ id: string }>('POST', `/api/shops/${shop.id}/products`, {
      name: 'Mật ong rừng',
      unit: 'chai',
      price: 250000,
      stock: 5,
    });
    const orderHoney = (buyerName: string, phone: string) =>
      call<{ code: string; token: string }>('POST', '/api/orders', {
        shopId: shop.id,
        buyerName,
        phone,
        villageCode: village!.code,
        lines: [{ productId: product.body.id, quantity: 1 }],
        delivery: { kind: 'shop' },
      });
    const order = await orderHoney('Hoàng Văn Minh', '0912 345 678');

    // From her selling page to her shop's money: she connects SePay, and the key is shown once to copy.
    await page.getByRole('link', { name: /^Tiền về tài khoản/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Tiền về tài khoản' }).waitFor();
    // Both lists loaded (nothing below moves any more) before she types.
    await page.getByText('Chưa kết nối. Hãy thêm một nguồn báo có bên dưới.').waitFor();
    await page.getByText('Không có giao dịch nào chờ ghép.').waitFor();
    await page.getByLabel('Số tài khoản ngân hàng').fill('7777123456');
    await page.getByRole('button', { name: 'Tạo nguồn báo có' }).click();
    await page.getByRole('heading', { name: 'Chép ngay: khóa này chỉ hiện một lần' }).waitFor();
    const webhookUrl = await page.locator('#new-feed-url').inputValue();
    const apiKey = await page.locator('#new-feed-secret').inputValue();
    await page.getByRole('button', { name: 'Chép API Key' }).click();
    await page.getByText('Đã chép API Key.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    expect(await axeViolations(page, 'money page, new key')).toEqual([]);
    await shoot(page, 'seller-money-key-phone');
    await page.getByRole('button', { name: 'Tôi đã chép xong' }).click();
    await page.getByText('SePay · tài khoản 7777123456').waitFor();

    // The buyer's bank changed a character of the code: the transfer waits in her queue, with why.
    // (A changed character always fails the check character; a dropped one followed by the
    // buyer's name would pass it one time in 31 and read as another order's code.)
    const changed = order.code[5] === 'X' ? 'Y' : 'X';
    const mangled = `${order.code.slice(0, 5)}${changed}${order.code.slice(6)}`;
    const feedId = webhookUrl.split('/').at(-1)!;
    const notified = await notifySepay(feedId, apiKey, {
      id: 990001,
      accountNumber: '7777123456',
      content: `MBVCB.3278.${mangled} HOANG VAN MINH`,
      amount: 250_000,
    });
    expect(notified.status).toBe(200);
    const queued = page.locator('.queued-transfer', { hasText: mangled });
    await queued.waitFor({ timeout: 20_000 });
    expect(await queued.innerText()).toContain('250.000 ₫');
    await queued.getByText('Nội dung không có mã đơn hàng đọc được').waitFor();
    await queued.getByLabel('Ghép với đơn hàng').selectOption(order.code);
    expect(await axeViolations(page, 'money page, queue')).toEqual([]);
    await shoot(page, 'seller-money-queue-phone');
    await queued.getByRole('button', { name: 'Ghép', exact: true }).click();
    await page.getByText(`Đã ghép 250.000 ₫ với đơn ${order.code}: Đã thanh toán.`).waitFor();
    await page.getByText('Không có giao dịch nào chờ ghép.').waitFor();
    const orderPage = (await (await fetch(`${suite.app.baseUrl}/api/order-pages/${order.token}`)).json()) as { status: string };
    expect(orderPage.status).toBe('paid');

    // A day SePay missed: a neighbour's transfer for a second order is only in her bank's statement,
    // beside the transfer the webhook did deliver (the same bank reference). She imports the statement.
    const second = await orderHoney('Lý Thị Mai', '0987 654 321');
    // The code is followed by an L, which no code has: no chance code can run on from inside it.
    const statement = agribankStatement('7777123456', [
      ['1', '05/12/2026 10:14:51', 'FT990001', '', '250.000', '', `MBVCB.3278.${mangled} HOANG VAN MINH`],
      ['2', '05/12/2026 15:02:10', 'FT990002', '', '250.000', '', `IBFT ${second.code} LY THI MAI chuyen tien`],
    ]);
    const statementFile = { name: 'sao-ke-agribank.csv', mimeType: 'text/csv', buffer: statement };
    const statementForm = page.locator('.statement-form');
    await statementForm.getByLabel('Tệp sao kê (.csv, .xlsx)').setInputFiles(statementFile);
    await statementForm.getByRole('button', { name: 'Kiểm tra (chưa nhập)' }).click();
    const statementResult = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
    await statementResult('Kiểm tra xong, chưa ghi gì: 2 khoản tiền vào, 1 khoản đã nhận trước đó, 1 khoản sẽ được nhập.');
    await statementForm.getByRole('button', { name: 'Nhập sao kê' }).click();
    await statementResult('2 khoản tiền vào, 1 khoản đã nhận trước đó, 1 khoản mới được nhập.');
    await expect
      .poll(async () => ((await (await fetch(`${suite.app.baseUrl}/api/order-pages/${second.token}`)).json()) as { status: string }).status, {
        timeout: 20_000,
      })
      .toBe('paid');
    // The same file again credits nothing: both transfers are known now.
    await statementForm.getByRole('button', { name: 'Nhập sao kê' }).click();
    await statementResult('2 khoản tiền vào, 2 khoản đã nhận trước đó, 0 khoản mới được nhập.');
    await page.getByText('Không có giao dịch nào chờ ghép.').waitFor();
    expect(await axeViolations(page, 'money page, statement')).toEqual([]);
    await shoot(page, 'seller-money-statement-phone');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await statementResult('2 money-in rows, 2 received before, 0 imported now.');
    expect(await axeViolations(page, 'money page, statement, English')).toEqual([]);
    await page.getByRole('button', { name: 'VI', exact: true }).click();
    // Each order was paid once: the seller's bank account received 250.000 ₫ for each, no more.
    const paid = (await (await page.request.get(`/api/shops/${shop.id}/orders`)).json()) as { items: { code: string; paid: number }[] };
    expect(Object.fromEntries(paid.items.map((o) => [o.code, o.paid]))).toEqual({ [order.code]: 250_000, [second.code]: 250_000 });
    expect(problems).toEqual([]);
    await context.close();
  });
});

/**
 * A statement as Agribank's e-banking exports it and Excel saves it ("CSV UTF-8"): title lines, the
 * table with money out and in in their own columns, a total line.
 */
function agribankStatement(account: string, rows: string[][]): Buffer {
  return csvFile(
    [
      ['NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM', '', '', '', '', '', ''],
      ['SAO KÊ TÀI KHOẢN', account, '', '', '', '', ''],
      ['Từ ngày 05/12/2026 đến ngày 05/12/2026', '', '', '', '', '', ''],
      ['STT', 'Ngày giao dịch', 'Số tham chiếu', 'Ghi nợ', 'Ghi có', 'Số dư', 'Nội dung'],
      ...rows,
      ['', '', '', '', '500.000', '', 'Tổng cộng'],
    ],
    'utf-8-bom',
  );
}
