import { randomUUID } from 'node:crypto';
import { request, type APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './app-server.ts';
import type { Household, Survey } from '../src/households/household.schema.ts';
import type { MutationResult as PushResult } from '../src/sync/sync.schema.ts';
import { todayInVietnam as today } from '../src/platform/dates.ts';
import { appInBrowser, axeViolations, demoPassword, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province; its first start creates Hin Đăm's team member and the Kiên Mộc officer.
const suite = appInBrowser('e2e-sync-review-1');

const HIN_DAM = '06625001';
const NEW_PASSWORD = 'kien-moc-review-2025';

/** The team member's phone, through the API as the field app speaks it: its own session, its own device id. */
async function teamMemberPhone(): Promise<{ api: APIRequestContext; push: (mutations: unknown[]) => Promise<PushResult[]>; deviceId: string }> {
  const api = await request.newContext({ baseURL: suite.app.baseUrl });
  const login = await api.post('/api/auth/login', { data: { username: 'doi.hindam', password: demoPassword(suite.app, 'doi.hindam') } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // A one-time password opens only the password change: the member sets their own first.
  const changed = await api.post('/api/auth/password', {
    headers: { 'x-csrf-token': csrfToken },
    data: { currentPassword: demoPassword(suite.app, 'doi.hindam'), newPassword: 'hin-dam-phone-2025' },
  });
  expect(changed.status(), await changed.text()).toBeLessThan(300);
  const deviceId = randomUUID();
  const push = async (mutations: unknown[]) => {
    const response = await api.post('/api/sync/push', { headers: { 'x-csrf-token': csrfToken }, data: { deviceId, appVersion: '1.4.0', mutations } });
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { results: PushResult[] }).results;
  };
  return { api, push, deviceId };
}

describe('the officers’ review of phone sync', () => {
  it(
    'shows a commune officer a real conflict side by side and a real refusal, lets them settle both, and lists the phone that sent them',
    { timeout: 240_000 },
    async () => {
      // A team member's phone edits a household twice from the same version: the second is a conflict.
      const phone = await teamMemberPhone();
      const households = ((await (await phone.api.get(`/api/villages/${HIN_DAM}/households?limit=20`)).json()) as { items: Household[] }).items.filter(
        (h) => h.latest && h.latest.members >= 2 && h.latest.adults >= 1,
      );
      const [edited, visited] = households as [Household, Household];
      const base = edited.latest!;
      const first: Survey = { ...base, surveyedOn: today(), homeFtth: !base.homeFtth };
      const second: Survey = { ...base, surveyedOn: today(), epayAdults: base.epayAdults > 0 ? 0 : 1 };
      const applied = await phone.push([
        {
          id: randomUUID(),
          kind: 'household.update',
          payload: { householdId: edited.id, baseVersion: edited.version, survey: first },
          recordedAt: new Date().toISOString(),
        },
      ]);
      expect(applied[0]?.status).toBe('applied');
      const conflictId = randomUUID();
      const [conflict] = await phone.push([
        {
          id: conflictId,
          kind: 'household.update',
          payload: { householdId: edited.id, baseVersion: edited.version, survey: second },
          recordedAt: new Date().toISOString(),
        },
      ]);
      expect(conflict).toMatchObject({ status: 'conflict', error: { code: 'household.version_conflict' } });
      // A visit helping more people than the household has: refused.
      const rejectedId = randomUUID();
      const visit = {
        id: randomUUID(),
        householdId: visited.id,
        visitedOn: today(),
        activities: [{ code: 'ehealth', people: visited.latest!.members + 3 }],
        residentsGuided: 0,
      };
      const [rejected] = await phone.push([{ id: rejectedId, kind: 'visit.record', payload: visit, recordedAt: new Date().toISOString() }]);
      expect(rejected).toMatchObject({ status: 'rejected', error: { code: 'visit.people_exceed_members' } });

      // The commune officer logs in on a phone (changing the one-time password) and opens the teams page.
      const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
      await page.goto('/dang-nhap?next=%2Fdoi-so-cong-dong');
      await logInFirstTime(page, suite.app, 'canbo.kienmoc', NEW_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/doi-so-cong-dong');
      await page.getByRole('heading', { level: 1, name: 'Tổ công nghệ số cộng đồng' }).waitFor();

      // The overview's count links to the list; the tab says how many.
      await page.getByRole('link', { name: /^2 — Xem các việc cần xử lý$/ }).click();
      await page.waitForURL((url) => url.searchParams.get('tab') === 'attention');
      expect(await page.getByRole('link', { name: 'Cần xử lý (2)' }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('heading', { level: 2, name: /^Thay đổi từ điện thoại cần xử lý/ }).waitFor();
      await page.getByRole('heading', { level: 3, name: 'Thôn Hin Đăm' }).waitFor();

      const conflictCard = page.locator(`article[data-mutation="${conflictId}"]`);
      const rejectedCard = page.locator(`article[data-mutation="${rejectedId}"]`);
      await conflictCard.waitFor();
      expect(await conflictCard.getByRole('heading').innerText()).toMatch(new RegExp(`${edited.label}.*Cập nhật khảo sát hộ.*Xung đột`, 's'));
      expect(await conflictCard.innerText()).toMatch(/Tổ công nghệ số Hin Đăm \(doi\.hindam\)/);
      expect(await conflictCard.innerText()).toContain(`Máy …${phone.deviceId.slice(-6).toUpperCase()}`);
      // Both versions side by side, the differing fields said in words.
      const compare = conflictCard.getByRole('table');
      expect(await compare.locator('thead th').allInnerTexts()).toEqual(['Thông tin', 'Trên điện thoại', 'Trên máy chủ', 'Khác nhau?']);
      const ftthRow = compare.locator('tbody tr', { has: page.getByRole('rowheader', { name: 'Nhà có Internet cáp quang (FTTH)' }) });
      expect(await ftthRow.locator('td').allInnerTexts()).toEqual([base.homeFtth ? 'Có' : 'Không', first.homeFtth ? 'Có' : 'Không', '≠ Khác']);
      const membersRow = compare.locator('tbody tr', { has: page.getByRole('rowheader', { name: 'Số nhân khẩu' }) });
      expect((await membersRow.locator('td').allInnerTexts())[2]).toBe('Giống');
      expect(await rejectedCard.innerText()).toMatch(/Bị từ chối/);
      expect(await rejectedCard.innerText()).toContain(visited.label);
      expect(await rejectedCard.locator('.review-reason dd').innerText()).not.toBe('');

      expect(await axeViolations(page, 'sync-review')).toEqual([]);
      await conflictCard.scrollIntoViewIfNeeded();
      await shoot(page, 'sync-review-phone-1-attention');

      // Apply the phone's version by keyboard: the item leaves, the news is read out, focus goes on to the next item.
      await conflictCard.getByRole('button', { name: /^Dùng bản trên điện thoại/ }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').getByText(`Đã dùng bản trên điện thoại cho ${edited.label}.`).waitFor();
      await conflictCard.waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`attention-${rejectedId}`);

      await rejectedCard.getByRole('button', { name: /^Bỏ thay đổi này/ }).click();
      await page.getByText('Không có việc nào cần xử lý', { exact: false }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('attention-title');
      await page.getByRole('link', { name: 'Cần xử lý (0)' }).waitFor();
      // The same view in English.
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: /^Phone changes that need attention/ }).waitFor();
      await page.getByText('Nothing needs attention', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'VI', exact: true }).click();

      // The server agrees: nothing open, the household carries the phone's survey.
      const open = (await (await page.request.get('/api/sync/needs-attention?orgUnit=06625')).json()) as { total: number };
      expect(open.total).toBe(0);
      const household = (await (await page.request.get(`/api/households/${edited.id}`)).json()) as Household;
      expect([household.version, household.latest]).toEqual([edited.version + 2, second]);

      // The phones: the one that pushed, synced just now, not marked silent; the N days travel in the URL.
      await page.getByRole('link', { name: /^Điện thoại/ }).click();
      await page.getByRole('heading', { level: 2, name: /^Điện thoại của các tổ/ }).waitFor();
      const row = page.locator(`tr[data-device="${phone.deviceId}"]`);
      await row.waitFor();
      expect(await row.getByRole('rowheader').innerText()).toContain('Tổ công nghệ số Hin Đăm');
      expect(await row.innerText()).toMatch(/vừa xong|\d+ phút trước/);
      expect(await row.locator('time').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(await row.innerText()).toContain('Bình thường');
      await page.getByLabel('Đánh dấu máy chưa đồng bộ từ').selectOption('3');
      await page.waitForURL((url) => url.searchParams.get('days') === '3');
      expect(new URL(page.url()).searchParams.get('tab')).toBe('devices');
      expect(await axeViolations(page, 'sync-review-devices')).toEqual([]);
      await shoot(page, 'sync-review-phone-2-devices');

      expect(problems).toEqual([]);
      await context.close();
      await phone.api.dispose();
    },
  );
});
