import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, demoPassword, shoot, watchProblems } from './browser-kit.ts';

/**
 * The field suite.app on a phone that loses its signal: log in once, go offline, reload from the
 * service worker, record three visits and a training, close the suite.app, open it again still offline,
 * then let the signal come back and check that the server holds each record exactly once.
 */

const ADMIN_PASSWORD = 'e2e-field-admin-password-1';
const NEW_PASSWORD = 'e2e-field-team-password-1';
const HIN_DAM = '06625001';
const DIST = path.resolve(import.meta.dirname, '../web/dist');
/** Console errors that going offline causes on purpose, and the 401 of a visitor not logged in. */
const OFFLINE_NOISE = /status of 401|ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/;

// A first start with the demo province also creates Hin Đăm's team member, doi.hindam, and
// prints a one-time password for it: the account a team member is handed.
const suite = appInBrowser(ADMIN_PASSWORD);

/** The team member's password: the one-time one until a test has changed it. */
let currentPassword: string | null = null;

/** Logs in from /thuc-dia as the team member (changing the one-time password the first time) and waits for the village. */
async function logInToField(page: Page): Promise<void> {
  await page.goto('/thuc-dia');
  await page.waitForURL((url) => url.pathname === '/dang-nhap');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/thuc-dia');
  await page.getByLabel('Tên đăng nhập').fill('doi.hindam');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(currentPassword ?? demoPassword(suite.app, 'doi.hindam'));
  await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
  if (!currentPassword) {
    await page.waitForURL((url) => url.pathname === '/doi-mat-khau');
    await page.getByLabel('Mật khẩu hiện tại').fill(demoPassword(suite.app, 'doi.hindam'));
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    currentPassword = NEW_PASSWORD;
  }
  await page.waitForURL((url) => url.pathname === '/thuc-dia');
  await page.locator('.field-village').getByText('Hin Đăm').waitFor();
  await page.locator('.household-list').getByRole('link').first().waitFor({ timeout: 60_000 });
}

async function phoneContext(): Promise<BrowserContext> {
  return suite.browser.newContext({
    viewport: PHONE,
    baseURL: suite.app.baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
    isMobile: true,
    hasTouch: true,
  });
}

/** A phone logged in to the field suite.app with its service worker in control; its faults go to `problems`. */
async function openFieldApp(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await phoneContext();
  const problems: string[] = [];
  const page = await context.newPage();
  watchProblems(page, problems, OFFLINE_NOISE);
  await logInToField(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  return { context, page, problems };
}

/** What one table of the phone's database holds, read straight from IndexedDB. */
function readTable<T>(page: Page, table: 'households' | 'visits' | 'trainings' | 'outbox' | 'meta'): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('banso-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as T[]);
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

type StoredMutation = { id: string; kind: string; state: string; payload: { id: string; householdId?: string } };
const readOutbox = (page: Page) => readTable<StoredMutation>(page, 'outbox');

/** Every table of the phone's database after a log-out: what is left, by table (meta by key). */
async function leftOnPhone(page: Page): Promise<Record<string, unknown[]>> {
  const [households, visits, trainings, outbox, meta] = await Promise.all([
    readTable(page, 'households'),
    readTable(page, 'visits'),
    readTable(page, 'trainings'),
    readTable(page, 'outbox'),
    readTable<{ key: string }>(page, 'meta'),
  ]);
  return { households, visits, trainings, outbox, meta: meta.map((row) => row.key).sort() };
}

const waiting = (page: Page) => page.locator('.sync-bar').getAttribute('data-waiting');

interface Cell {
  indicator: string;
  numerator: number | null;
}

describe('the field app', () => {
  it('works through a day without signal and sends everything exactly once when it returns', { timeout: 240_000 }, async () => {
    const context = await phoneContext();
    const problems: string[] = [];
    let page = await context.newPage();
    watchProblems(page, problems, OFFLINE_NOISE);

    // Log in with the one-time password, choose a new one, and land back on /thuc-dia, where the
    // village arrives with the first pull; the sync bar says so.
    await logInToField(page);
    const list = page.locator('.household-list');
    await page
      .locator('.sync-bar')
      .getByText(/Đồng bộ lần cuối: vừa xong/)
      .waitFor();
    expect(await waiting(page)).toBe('0');
    await page.getByText(/\d+ trên \d+ hộ/).waitFor();

    // Search without diacritics or zeros.
    await page.getByLabel('Tìm hộ').fill('ho 12');
    await expect.poll(() => list.getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/^Hộ 012/)]);
    await page.getByLabel('Tìm hộ').fill('');

    // The service worker takes the page (first install, no reload needed).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
    await shoot(page, 'field-phone-1-households', false);

    // Households that still lack an e-payment account: the team's to-do list for the day.
    const epayFilter = page.getByRole('button', { name: /^Chưa có TK thanh toán/ });
    await epayFilter.click();
    await expect.poll(() => epayFilter.getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('can')).toBe('epay');
    const targets = await list
      .locator('.household-item')
      .evaluateAll((links) =>
        links.slice(0, 3).map((link) => ({ href: link.getAttribute('href') ?? '', label: link.querySelector('.household-label')?.textContent ?? '' })),
      );
    expect(targets).toHaveLength(3);
    const householdIds = targets.map((t) => t.href.split('/').pop() ?? '');

    // The server's view before: each household's e-payment adults, and the village's indicators.
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date());
    const indicators = async (): Promise<Record<string, number>> => {
      const response = await page.request.get(`/api/indicator-values?indicator=VISITS_PER_HH,TRAININGS_HELD,ADULT_EPAY&orgUnit=${HIN_DAM}&period=${year}`);
      expect(response.ok()).toBe(true);
      const { cells } = (await response.json()) as { cells: Cell[] };
      return Object.fromEntries(cells.map((cell) => [cell.indicator, cell.numerator ?? 0]));
    };
    const epayAdults = async (id: string): Promise<number> => {
      const response = await page.request.get(`/api/households/${id}`);
      expect(response.ok()).toBe(true);
      return ((await response.json()) as { latest: { epayAdults: number } }).latest.epayAdults;
    };
    const before = await indicators();
    const epayBefore = await Promise.all(householdIds.map(epayAdults));

    // The signal goes. A reload comes from the service worker, in well under a second.
    await context.setOffline(true);
    const started = performance.now();
    const reloaded = await page.reload();
    await list.getByRole('link').first().waitFor();
    const reloadMs = performance.now() - started;
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.locator('.sync-bar').getByText('Ngoại tuyến').waitFor();
    console.log(`[field] offline reload to a listed village: ${reloadMs.toFixed(0)} ms`);

    // Three visits, each checked on the phone before it enters the outbox.
    for (const [index, target] of targets.entries()) {
      await page.getByRole('link', { name: 'Hộ gia đình' }).click();
      await page.getByLabel('Tìm hộ').fill(target.label);
      await list.getByRole('link', { name: new RegExp(`^${target.label}`) }).click();
      await page.getByRole('heading', { level: 1, name: target.label }).waitFor();
      await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ghi nhận hỗ trợ' }).waitFor();
      if (index === 0) {
        // Nothing ticked: the phone says what is missing, in the server's words.
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Hãy chọn ít nhất một việc đã làm.').waitFor();
      }
      await page.getByLabel('Mở tài khoản thanh toán điện tử', { exact: true }).check();
      await page.getByLabel('Số người: Mở tài khoản thanh toán điện tử').fill('1');
      await page.getByLabel('Tuyên truyền phòng chống lừa đảo', { exact: true }).check();
      await page.getByLabel('Thêm một người: Tuyên truyền phòng chống lừa đảo').click();
      expect(await page.getByLabel('Số người: Tuyên truyền phòng chống lừa đảo').inputValue()).toBe('2');
      await page.getByLabel('Bớt một người: Tuyên truyền phòng chống lừa đảo').click();
      await page.getByLabel('Số người được hướng dẫn dùng dịch vụ công trực tuyến').fill('1');
      await page.getByLabel('Ghi chú (không bắt buộc)').fill(`Lần hỗ trợ thử ${index + 1}`);
      if (index === 0) {
        expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
        // Screen-sized shots: a full-page one would draw the sticky bars in the middle of the form.
        await page.evaluate(() => window.scrollTo(0, 0));
        await shoot(page, 'field-phone-2-visit-form', false);
        await page.getByLabel('Tuyên truyền phòng chống lừa đảo', { exact: true }).scrollIntoViewIfNeeded();
        await shoot(page, 'field-phone-2-visit-form-activities', false);
      }
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
      await page.locator('.visit-item.visit-pending').first().waitFor();
      expect(await waiting(page)).toBe(String(index + 1));
      if (index === 0) await shoot(page, 'field-phone-6-household', true);
    }

    // A training, with the attendees broken down by sex, age and ethnic group.
    await page.getByRole('link', { name: 'Tập huấn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tập huấn' }).waitFor();
    await page.getByLabel('Chủ đề').selectOption('vneid');
    await page.getByLabel('Địa điểm').fill('Nhà văn hóa thôn Hin Đăm');
    await page.getByLabel('Người hướng dẫn').fill('Hoàng Thị Lan');
    await page.getByLabel('Tổng số người tham dự').fill('10');
    await page.getByLabel('Nữ', { exact: true }).fill('6');
    await page.getByLabel('Nam', { exact: true }).fill('3');
    await page.getByLabel('Dưới 15 tuổi').fill('0');
    await page.getByLabel('15–29 tuổi').fill('3');
    await page.getByLabel('30–59 tuổi').fill('5');
    await page.getByLabel('Từ 60 tuổi').fill('2');
    await page.getByLabel('Dân tộc, dòng 1').fill('Tày');
    await page.getByLabel('Số người, dòng 1').fill('7');
    await page.getByRole('button', { name: 'Thêm dân tộc' }).click();
    await page.getByLabel('Dân tộc, dòng 2').fill('Nùng');
    await page.getByLabel('Số người, dòng 2').fill('3');
    await page.getByRole('button', { name: 'Lưu' }).click();
    // 6 + 3 is not 10: refused on the phone, nothing enters the outbox.
    await page.getByText('Nữ (6) + nam (3) phải bằng tổng số (10).').waitFor();
    expect(await waiting(page)).toBe('3');
    await page.getByLabel('Nam', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    await page.locator('.training-item').filter({ hasText: 'Chờ gửi' }).waitFor();
    await page.locator('.sync-bar').getByText('4 thay đổi chờ gửi').waitFor();
    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    await list.getByRole('link').first().waitFor();
    expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
    await shoot(page, 'field-phone-3-offline', false);

    const outbox = await readOutbox(page);
    expect(outbox.map((m) => m.kind)).toEqual(['visit.record', 'visit.record', 'visit.record', 'training.record']);
    expect(new Set(outbox.map((m) => m.id)).size).toBe(4);
    for (const m of outbox) expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);

    // The suite.app is closed and opened again, still without signal: the outbox is still there.
    await page.close();
    page = await context.newPage();
    watchProblems(page, problems, OFFLINE_NOISE);
    const reopened = await page.goto('/thuc-dia');
    expect(reopened?.fromServiceWorker()).toBe(true);
    await page.locator('.sync-bar').getByText('4 thay đổi chờ gửi').waitFor();
    await page.locator('.sync-bar').getByText('Ngoại tuyến').waitFor();
    await page.locator('.household-list').getByRole('link').first().waitFor();

    // The signal returns: the phone sends on its own, and the bar comes down to 0.
    await context.setOffline(false);
    await expect.poll(() => waiting(page), { timeout: 60_000 }).toBe('0');
    await page
      .locator('.sync-bar')
      .getByText(/Đồng bộ lần cuối: vừa xong/)
      .waitFor();
    await page.locator('.sync-bar').getByText('Có mạng').waitFor();
    expect(await readOutbox(page)).toEqual([]);

    // The server holds each visit and the training exactly once.
    const visitIds = outbox.filter((m) => m.kind === 'visit.record').map((m) => m.payload.id);
    const trainingId = outbox.find((m) => m.kind === 'training.record')?.payload.id;
    const visits = (await (await page.request.get(`/api/villages/${HIN_DAM}/visits?limit=1000`)).json()) as {
      items: { id: string; householdId: string; note: string | null }[];
    };
    for (const [index, id] of visitIds.entries()) {
      const held = visits.items.filter((visit) => visit.id === id);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ householdId: householdIds[index], note: `Lần hỗ trợ thử ${index + 1}` });
    }
    const trainings = (await (await page.request.get(`/api/villages/${HIN_DAM}/trainings?limit=1000`)).json()) as {
      items: { id: string; attendees: { total: number; byEthnicGroup: Record<string, number> | null } }[];
    };
    expect(trainings.items.filter((training) => training.id === trainingId)).toEqual([
      expect.objectContaining({ attendees: expect.objectContaining({ total: 10, byEthnicGroup: { Tày: 7, Nùng: 3 } }) }),
    ]);

    // A replay of the same batch (a lost answer) changes nothing: every item is a duplicate.
    const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const replay = await page.request.post('/api/sync/push', {
      headers: { 'x-csrf-token': csrfToken },
      data: { deviceId: '0190a000-0000-7000-8000-0000000000e2', mutations: outbox.map(({ id, kind, payload }) => ({ id, kind, payload })) },
    });
    expect(replay.ok()).toBe(true);
    expect(((await replay.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const visitsAfterReplay = (await (await page.request.get(`/api/villages/${HIN_DAM}/visits?limit=1000`)).json()) as { items: { id: string }[] };
    expect(visitsAfterReplay.items.filter((visit) => visitIds.includes(visit.id))).toHaveLength(3);

    // The indicators moved: three more visits, one more training, each household one more adult
    // with an e-payment account (the visit's activity).
    const after = await indicators();
    expect((after.VISITS_PER_HH ?? 0) - (before.VISITS_PER_HH ?? 0)).toBe(3);
    expect((after.TRAININGS_HELD ?? 0) - (before.TRAININGS_HELD ?? 0)).toBe(1);
    expect(after.ADULT_EPAY ?? 0).toBeGreaterThan(before.ADULT_EPAY ?? 0);
    expect(await Promise.all(householdIds.map(epayAdults))).toEqual(epayBefore.map((n) => n + 1));

    // The day is over and the phone goes back to the team's shared drawer: log out. One more
    // visit is saved while the server cannot be reached (its requests fail), and log-out counts it.
    const [first] = targets;
    if (!first) throw new Error('no household to visit');
    await page.route('**/api/sync/push', (route) => route.abort('internetdisconnected'));
    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    await page.getByLabel('Tìm hộ').fill(first.label);
    // (The page was opened again above: its list is looked up afresh.)
    await page
      .locator('.household-list')
      .getByRole('link', { name: new RegExp(`^${first.label}`) })
      .click();
    await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
    await page.getByLabel('Hỗ trợ khác', { exact: true }).check();
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Trước khi đăng xuất');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    await expect.poll(() => page.locator('.sync-bar').getAttribute('data-phase')).toBe('waiting');
    expect(await waiting(page)).toBe('1');

    await page.getByRole('link', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng xuất' }).waitFor();
    await page.getByText('1 thay đổi chưa gửi sẽ bị mất nếu đăng xuất bây giờ.').waitFor();
    expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
    await shoot(page, 'field-phone-9-log-out', false);

    // "Đồng bộ trước" sends it; then nothing would be lost.
    await page.unroute('**/api/sync/push');
    await page.getByRole('button', { name: 'Đồng bộ trước' }).click();
    await page.getByText('Không có thay đổi nào chưa gửi.').waitFor({ timeout: 30_000 });
    expect(await readOutbox(page)).toEqual([]);
    const held = (await (await page.request.get(`/api/villages/${HIN_DAM}/visits?limit=1000`)).json()) as { items: { note: string | null }[] };
    expect(held.items.filter((visit) => visit.note === 'Trước khi đăng xuất')).toHaveLength(1);

    // Confirmed: the server's session ends, the phone keeps nothing of the village or the account,
    // and the log-in is what the next person sees.
    await page.getByRole('button', { name: 'Đăng xuất và xóa dữ liệu trên máy' }).click();
    await page.waitForURL((url) => url.pathname === '/dang-nhap' && url.searchParams.get('next') === '/thuc-dia');
    await page.getByLabel('Tên đăng nhập').waitFor();
    expect(await leftOnPhone(page)).toEqual({ households: [], visits: [], trainings: [], outbox: [], meta: ['deviceId'] });
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    // Opening the field suite.app again (from the service worker) leads to the log-in, not to the village.
    await page.goto('/thuc-dia');
    await page.waitForURL((url) => url.pathname === '/dang-nhap');
    expect(await page.locator('.field-village').count()).toBe(0);
    expect((await leftOnPhone(page)).households).toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('registers a household found in the field while offline, records a visit for it, and sends both once', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openFieldApp();
    const list = page.locator('.household-list');
    const api: APIRequestContext = context.request;
    const label = 'Hộ mới Nà Pá';
    interface Household {
      id: string;
      label: string;
      latest: { members: number; vneidUsers: number; homeFtth: boolean } | null;
    }
    const registered = async () =>
      (
        (await (await api.get(`/api/villages/${HIN_DAM}/households?limit=500&search=${encodeURIComponent(label)}`)).json()) as { items: Household[] }
      ).items.filter((h) => h.label === label);
    expect(await registered()).toEqual([]);

    // No signal: the household is added with its first survey, checked on the phone.
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Thêm hộ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thêm hộ' }).waitFor();
    const fill = async (values: Record<string, string>) => {
      for (const [name, value] of Object.entries(values)) await page.getByLabel(name, { exact: true }).fill(value);
    };
    await fill({
      Hộ: 'Hộ 012',
      'Số nhân khẩu': '3',
      'Người từ 15 tuổi trở lên': '4',
      'Người có điện thoại thông minh': '2',
      'Người lớn có tài khoản thanh toán điện tử': '1',
      'Người dùng VNeID': '0',
      'Người dùng sổ sức khỏe điện tử': '0',
      'Người dùng ngân hàng số': '1',
    });
    await page.getByRole('button', { name: 'Lưu' }).click();
    // A label the village uses already, and more adults than members: refused before the outbox.
    await page.getByText('Thôn đã có hộ mang nhãn “Hộ 012”.').waitFor();
    await page.getByText('Số người từ 15 tuổi không thể lớn hơn số nhân khẩu.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('household-label');
    expect(await readOutbox(page)).toEqual([]);
    await fill({ Hộ: label, 'Người từ 15 tuổi trở lên': '2' });
    await page.getByLabel('Nhà có Internet cáp quang (FTTH)').check();
    expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'field-phone-10-add-household', false);
    await page.getByRole('button', { name: 'Lưu' }).click();

    // Its page at once, and in the list as new and waiting to be sent.
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    await page.getByLabel('Tìm hộ').fill('ho moi na pa');
    const item = list.getByRole('link', { name: new RegExp(`^${label}`) });
    await item.getByText('Mới', { exact: true }).waitFor();
    await item.getByText('Chờ gửi', { exact: true }).waitFor();

    // A visit for it, before the server has heard of it.
    await item.click();
    await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
    await page.getByLabel('Kích hoạt VNeID mức 1', { exact: true }).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    await page.locator('.visit-item.visit-pending').waitFor();
    expect(await waiting(page)).toBe('2');

    // The outbox keeps the order: the registration, then the visit under the phone-made id.
    const outbox = await readOutbox(page);
    expect(outbox.map((m) => m.kind)).toEqual(['household.register', 'visit.record']);
    const [registration, visit] = outbox;
    expect(registration?.payload.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(visit?.payload.householdId).toBe(registration?.payload.id);

    // The signal returns: both are sent, the household once, the visit once and on top of it.
    await context.setOffline(false);
    await expect.poll(() => waiting(page), { timeout: 60_000 }).toBe('0');
    expect(await readOutbox(page)).toEqual([]);
    const held = await registered();
    expect(held).toEqual([
      expect.objectContaining({ id: registration?.payload.id, latest: expect.objectContaining({ members: 3, homeFtth: true, vneidUsers: 1 }) }),
    ]);
    const visits = (await (await api.get(`/api/villages/${HIN_DAM}/visits?limit=1000`)).json()) as { items: { id: string; householdId: string }[] };
    expect(visits.items.filter((v) => v.householdId === registration?.payload.id).map((v) => v.id)).toEqual([visit?.payload.id]);
    // The list now has it from the server: no longer new or waiting.
    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    await page.getByLabel('Tìm hộ').fill('ho moi na pa');
    await expect.poll(() => item.locator('.badge').count()).toBe(0);

    // Logging out from the site's own menu goes through the field app's log-out as well: the
    // village is on the phone, and what is unsent is counted before the phone is cleared.
    await page.goto('/');
    await page.locator('.account-menu summary').click();
    await page.locator('.account-menu').getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/thuc-dia/dang-xuat');
    await page.getByRole('heading', { level: 1, name: 'Đăng xuất' }).waitFor();
    expect((await api.get('/api/auth/me')).status()).toBe(200);

    // Logged out without signal: the phone is emptied at once; the server's session ends when the
    // signal returns, and until then the suite.app does not let anyone back in through it.
    await context.setOffline(true);
    await page.getByText('Không có thay đổi nào chưa gửi.').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất và xóa dữ liệu trên máy' }).click();
    await page.getByText('Đã đăng xuất. Dữ liệu của thôn đã được xóa khỏi máy này.').waitFor();
    await page.getByText(/phiên đăng nhập trên máy chủ sẽ được kết thúc ngay khi có mạng/).waitFor();
    expect(await leftOnPhone(page)).toEqual({ households: [], visits: [], trainings: [], outbox: [], meta: ['deviceId', 'pendingLogOut'] });
    expect((await api.get('/api/auth/me')).status()).toBe(200);
    await context.setOffline(false);
    await page.waitForURL((url) => url.pathname === '/dang-nhap', { timeout: 30_000 });
    expect((await api.get('/api/auth/me')).status()).toBe(401);
    expect((await leftOnPhone(page)).meta).toEqual(['deviceId']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps what the server refused in "Cần xử lý" until it is fixed and resent, or dropped', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openFieldApp();
    const list = page.locator('.household-list');

    // Two households with at least two members: one to update, one to visit.
    const api: APIRequestContext = context.request;
    const { csrfToken } = (await (await api.get('/api/auth/me')).json()) as { csrfToken: string };
    interface Household {
      id: string;
      label: string;
      version: number;
      latest: {
        surveyedOn: string;
        members: number;
        adults: number;
        smartphoneOwners: number;
        epayAdults: number;
        homeFtth: boolean;
        vneidUsers: number;
        ehealthUsers: number;
        bankingUsers: number;
      };
    }
    const page1 = (await (await api.get(`/api/villages/${HIN_DAM}/households?limit=60`)).json()) as { items: Household[] };
    const [updated, visited] = page1.items.filter((h) => h.latest && h.latest.members >= 2 && h.label >= 'Hộ 020').slice(0, 2);
    if (!updated || !visited) throw new Error('no households to work with');

    // Offline: a new survey of one household (fibre at home now), a visit to the other.
    await context.setOffline(true);
    await page.getByLabel('Tìm hộ').fill(updated.label);
    await list.getByRole('link', { name: new RegExp(`^${updated.label}`) }).click();
    await page.getByRole('link', { name: 'Cập nhật thông tin hộ' }).click();
    await page.getByRole('heading', { level: 1, name: `Cập nhật: ${updated.label}` }).waitFor();
    const fibre = page.getByLabel('Nhà có Internet cáp quang (FTTH)');
    if (updated.latest.homeFtth) await fibre.uncheck();
    else await fibre.check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();

    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    await page.getByLabel('Tìm hộ').fill(visited.label);
    await list.getByRole('link', { name: new RegExp(`^${visited.label}`) }).click();
    await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
    await page.getByLabel('Hỗ trợ khác', { exact: true }).check();
    await page.getByLabel('Số người: Hỗ trợ khác').fill('2');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu trên máy. Sẽ tự gửi khi có mạng.').waitFor();
    expect(await waiting(page)).toBe('2');

    // Meanwhile the commune records newer surveys of both: the first household moves on to a new
    // version, the second turns out to have a single member. (The API goes around the phone's
    // network, which is still off.)
    const survey = (h: Household, changes: Partial<Household['latest']>) => ({ ...h.latest, surveyedOn: h.latest.surveyedOn, ...changes });
    for (const [household, changes] of [
      [updated, { bankingUsers: Math.max(0, updated.latest.bankingUsers - 1) }],
      [
        visited,
        {
          members: 1,
          adults: 1,
          smartphoneOwners: Math.min(1, visited.latest.smartphoneOwners),
          epayAdults: Math.min(1, visited.latest.epayAdults),
          vneidUsers: Math.min(1, visited.latest.vneidUsers, visited.latest.smartphoneOwners),
          ehealthUsers: Math.min(1, visited.latest.ehealthUsers, visited.latest.smartphoneOwners),
          bankingUsers: Math.min(1, visited.latest.bankingUsers, visited.latest.smartphoneOwners),
        },
      ],
    ] as const) {
      const response = await api.post(`/api/households/${household.id}/surveys`, { headers: { 'x-csrf-token': csrfToken }, data: survey(household, changes) });
      expect(response.status(), await response.text()).toBeLessThan(300);
    }

    // Back online: both are answered, neither is applied, both wait for a person.
    await context.setOffline(false);
    await expect.poll(() => waiting(page), { timeout: 60_000 }).toBe('0');
    const tab = page.getByRole('link', { name: /^Cần xử lý/ });
    await expect.poll(() => tab.innerText()).toMatch(/2$/);
    await tab.click();
    const cards = page.locator('.attention-item');
    await expect.poll(() => cards.count()).toBe(2);
    const conflictCard = cards.filter({ hasText: updated.label });
    const rejectedCard = cards.filter({ hasText: visited.label });
    await conflictCard.getByText('Hộ đã được cập nhật ở nơi khác').waitFor();
    await conflictCard.getByText(/Trên máy chủ \(phiên bản \d+\)/).waitFor();
    await rejectedCard.getByText('Lý do: Hộ chỉ có 1 nhân khẩu.').waitFor();
    expect(await axeViolations(page, 'field', ['critical', 'serious'])).toEqual([]);
    await shoot(page, 'field-phone-4-needs-attention', true);
    await page.getByRole('link', { name: 'Tập huấn' }).click();
    await page.locator('.training-item').first().waitFor();
    await shoot(page, 'field-phone-7-training', false);
    await page.getByRole('link', { name: /^Cần xử lý/ }).click();
    await expect.poll(() => cards.count()).toBe(2);

    // The same screen in English: the server's reasons come in both languages.
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
    await rejectedCard.getByText('Reason: The household has only 1 members.').waitFor();
    await page.locator('.sync-bar').getByText('0 changes waiting').waitFor();
    await shoot(page, 'field-phone-5-english', false);
    await page.getByRole('button', { name: 'VI' }).click();

    // Dropping asks first, then the server is told and its list of open refusals shrinks.
    const openMutations = async () =>
      ((await (await api.get(`/api/sync/needs-attention?orgUnit=${HIN_DAM}`)).json()) as { items: { id: string; kind: string }[] }).items;
    expect((await openMutations()).map((m) => m.kind).sort()).toEqual(['household.update', 'visit.record']);
    await rejectedCard.getByRole('button', { name: 'Bỏ' }).click();
    await rejectedCard.getByText('Bỏ thay đổi này? Nó sẽ bị xóa khỏi máy và không bao giờ được gửi.').waitFor();
    await rejectedCard.getByRole('button', { name: 'Hủy' }).click();
    await rejectedCard.getByRole('button', { name: 'Bỏ' }).click();
    await rejectedCard.getByRole('button', { name: 'Bỏ thay đổi' }).click();
    await page.getByText('Đã bỏ thay đổi.').waitFor();
    await expect.poll(() => cards.count()).toBe(1);
    await expect.poll(async () => (await openMutations()).map((m) => m.kind)).toEqual(['household.update']);

    // Fix and resend: the phone's survey comes back, against the server's version now.
    await conflictCard.getByRole('link', { name: 'Sửa và gửi lại' }).click();
    await page.getByText(/Bạn đang sửa một thay đổi bị từ chối/).waitFor();
    expect(await page.getByLabel('Nhà có Internet cáp quang (FTTH)').isChecked()).toBe(!updated.latest.homeFtth);
    await page.getByRole('button', { name: 'Lưu' }).click();
    // Online, the confirmation says what the server did rather than promising a later send.
    await page.getByText('Đã gửi, máy chủ đã nhận.').waitFor({ timeout: 60_000 });
    await page.getByText('Không có gì cần xử lý.').waitFor();
    await expect.poll(() => waiting(page), { timeout: 60_000 }).toBe('0');
    await expect.poll(async () => (await openMutations()).length).toBe(0);
    const fixed = (await (await api.get(`/api/households/${updated.id}`)).json()) as Household;
    expect(fixed.latest.homeFtth).toBe(!updated.latest.homeFtth);
    expect(fixed.version).toBe(updated.version + 2);
    expect(await readOutbox(page)).toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('offers a new version with a banner and never reloads a half-filled form by itself', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openFieldApp();

    // Half-way through a visit form, with a mark on the page that a reload would wipe.
    await page.locator('.household-list').getByRole('link').first().click();
    await page.getByRole('link', { name: 'Ghi nhận hỗ trợ' }).click();
    await page.getByLabel('Kích hoạt VNeID mức 1', { exact: true }).check();
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Đang nhập dở');
    await page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));

    // A new version is deployed (its worker differs by a byte) and the phone finds it.
    const workerFile = path.join(DIST, 'sw.js');
    const original = readFileSync(workerFile, 'utf8');
    try {
      writeFileSync(workerFile, `${original}\n// a new version\n`);
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration('/thuc-dia');
        await registration?.update();
      });
      await page.getByText('Có phiên bản mới').waitFor({ timeout: 30_000 });
      // It waits: same page, same form, for as long as the user takes.
      await page.waitForTimeout(1_500);
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      expect(await page.getByLabel('Ghi chú (không bắt buộc)').inputValue()).toBe('Đang nhập dở');
      expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/thuc-dia'))?.waiting)).toBe(true);
      await shoot(page, 'field-phone-8-update-banner', false);

      // Tapping "Cập nhật" hands over to the new worker and reloads once.
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Cập nhật' }).click()]);
      await page.locator('.field-village').getByText('Hin Đăm').waitFor();
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();
      expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/thuc-dia'))?.waiting)).toBe(false);
      expect(await page.getByText('Có phiên bản mới').count()).toBe(0);
    } finally {
      writeFileSync(workerFile, original);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads under 80 KB of gzipped script on a first visit, and the worker precaches no map data', async () => {
    const context = await suite.browser.newContext({ viewport: PHONE, baseURL: suite.app.baseUrl, locale: 'vi-VN', serviceWorkers: 'block' });
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.goto('/thuc-dia');
    // Logged out, the suite.app sends the visitor to the log-in page; by then it has loaded its code.
    await page.waitForURL((url) => url.pathname === '/dang-nhap');
    await page.goto('/thuc-dia');
    await page.waitForURL((url) => url.pathname === '/dang-nhap');
    const gzipped = [...scripts].map((name) => ({ name, bytes: gzipSync(readFileSync(path.join(DIST, name))).length }));
    const total = gzipped.reduce((sum, script) => sum + script.bytes, 0);
    console.log(
      `[field] first-load script, gzipped: ${(total / 1024).toFixed(1)} KB (${gzipped.map((s) => `${s.name} ${(s.bytes / 1024).toFixed(1)}`).join(', ')})`,
    );
    expect(gzipped.some((script) => script.name.includes('field-app'))).toBe(true);
    expect(total).toBeLessThan(80 * 1024);

    const worker = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
    expect(worker).toMatch(/index\.html/);
    expect(worker).not.toMatch(/geojson|leaflet-map/i);
    expect(worker).toMatch(/denylist:\[\/\^\\\/api\\\/\/\]/);
    await context.close();
  });
});
