import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayInVietnam } from '../src/platform/dates.ts';
import { DESKTOP, PHONE, SCREENSHOTS } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province: Hin Đăm has its demo team (one leader), and the Kiên Mộc officer a one-time password.
const suite = appInBrowser('e2e-roster-password-1');

const HIN_DAM = '06625001';
const NEW_PASSWORD = 'kien-moc-roster-2025';
const NEW_MEMBER = 'Hà Thị Lan';

interface Member {
  id: string;
  displayName: string | null;
  isLeader: boolean;
  trainedOn: string | null;
  leftOn: string | null;
  active: boolean;
}
interface VillageTeam {
  team: { name: string; contactPhone: string | null } | null;
  members: Member[];
  detailsVisible: boolean;
}

/** The team as the API stores it, asked with the page's own session. */
async function storedTeam(page: Page): Promise<VillageTeam> {
  const response = await page.request.get(`/api/villages/${HIN_DAM}/team`);
  expect(response.status()).toBe(200);
  return (await response.json()) as VillageTeam;
}

describe('a village’s community digital team on its page', () => {
  let names: string[] = [];

  it('lets the commune officer see the members and phone, add a member, mark them trained and make them leader', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto(`/dang-nhap?next=%2Fdon-vi%2F${HIN_DAM}`);
    await logInFirstTime(page, suite.app, 'canbo.kienmoc', NEW_PASSWORD);
    if (new URL(page.url()).pathname !== `/don-vi/${HIN_DAM}`) await page.goto(`/don-vi/${HIN_DAM}`);

    const roster = page.locator('section[aria-labelledby="roster-title"]');
    await roster.getByRole('heading', { level: 2, name: 'Tổ công nghệ số cộng đồng' }).waitFor();
    const before = await storedTeam(page);
    expect(before.detailsVisible).toBe(true);
    const leader = before.members.find((m) => m.isLeader && m.active);
    expect(leader?.displayName).toBeTruthy();
    names = before.members.map((m) => m.displayName ?? '');
    const table = roster.locator('table');
    // The leader heads the list.
    expect(await table.locator('tbody tr').first().locator('th').innerText()).toBe(leader?.displayName);
    expect(await table.locator('tbody tr').count()).toBe(before.members.length);

    // The contact phone: the server's rule refuses a short number, and what was typed stays.
    await roster.getByRole('button', { name: 'Đổi tên, số điện thoại' }).click();
    const phone = roster.getByLabel('Điện thoại liên hệ', { exact: true });
    await phone.fill('12345');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByText('Số điện thoại phải có 10 chữ số').waitFor();
    expect(await phone.inputValue()).toBe('12345');
    expect(await phone.evaluate((input) => input === document.activeElement)).toBe(true);
    await phone.fill('0912 345 678');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByRole('status').getByText('Đã lưu thông tin tổ.').waitFor();
    await roster.locator('a[href="tel:0912345678"]').waitFor();

    // A new member: a display name and a sex, nothing else.
    await roster.getByRole('button', { name: 'Thêm thành viên' }).click();
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByText('Hãy chọn giới tính.').waitFor();
    await roster.getByLabel('Tên thường gọi', { exact: true }).fill(NEW_MEMBER);
    await roster.getByRole('radio', { name: 'Nữ', exact: true }).check();
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByRole('status').getByText(`Đã thêm ${NEW_MEMBER} vào tổ.`).waitFor();
    const row = table.locator('tbody tr', { hasText: NEW_MEMBER });
    await row.waitFor();

    // Trained: not in the future (the server's rule and words), then today.
    await row.getByRole('button', { name: `Ghi ngày tập huấn cho ${NEW_MEMBER}` }).click();
    const trainedOn = roster.getByLabel('Ngày tập huấn', { exact: true });
    await trainedOn.fill('2999-01-01');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByText('Ngày được tập huấn không thể ở tương lai.').waitFor();
    await trainedOn.fill(todayInVietnam());
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByRole('status').getByText(`Đã ghi ${NEW_MEMBER} được tập huấn`).waitFor();

    // Leader in place of the current one, who stays on the team.
    await row.getByRole('button', { name: `Chọn ${NEW_MEMBER} làm tổ trưởng` }).click();
    await roster.getByText(`${leader?.displayName} sẽ thôi làm tổ trưởng nhưng vẫn là tổ viên.`).waitFor();
    await roster.getByRole('button', { name: 'Chọn làm tổ trưởng' }).click();
    await roster.getByRole('status').getByText(`${NEW_MEMBER} là tổ trưởng.`).waitFor();
    // Focus returns to the panel's title once the form closes, not to the page's top.
    await page.waitForFunction(() => document.activeElement?.id === 'roster-title');
    await table.locator('tbody tr').first().getByText(NEW_MEMBER).waitFor();

    const after = await storedTeam(page);
    expect(after.team?.contactPhone).toBe('0912345678');
    const added = after.members.find((m) => m.displayName === NEW_MEMBER);
    expect(added).toMatchObject({ isLeader: true, trainedOn: todayInVietnam(), active: true });
    expect(after.members.filter((m) => m.isLeader && m.active).map((m) => m.displayName)).toEqual([NEW_MEMBER]);
    expect(after.members.find((m) => m.id === leader?.id)).toMatchObject({ isLeader: false, active: true, leftOn: null });

    expect(await axeViolations(page, 'roster')).toEqual([]);
    // The panel alone: the page below it (the household register) is long on a phone.
    await roster.screenshot({ path: path.join(SCREENSHOTS, 'roster-phone-1-officer.png') });

    // English is one click away; the server's messages follow.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await roster.getByRole('heading', { level: 2, name: 'Community digital team' }).waitFor();
    await roster.getByRole('button', { name: 'Add a member' }).click();
    await roster.getByLabel('Joined on', { exact: true }).fill('2999-01-01');
    await roster.getByLabel('Name the member goes by', { exact: true }).fill('Vi Văn Nam');
    await roster.getByRole('radio', { name: 'Male', exact: true }).check();
    await roster.getByRole('button', { name: 'Save' }).click();
    await roster.getByText('The joining date cannot be in the future.').waitFor();
    expect(await roster.getByLabel('Name the member goes by', { exact: true }).inputValue()).toBe('Vi Văn Nam');
    expect(await axeViolations(page, 'roster-en')).toEqual([]);
    await shoot(page, 'roster-phone-2-english', false);
    await roster.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'roster-add');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a visitor the team’s counts, without names or phone', { timeout: 120_000 }, async () => {
    expect(names.length).toBeGreaterThan(0);
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto(`/don-vi/${HIN_DAM}`);
    const roster = page.locator('section[aria-labelledby="roster-title"]');
    await roster.getByText('Thành viên hiện nay').waitFor();
    const anonymous = await storedTeam(page);
    expect(anonymous.detailsVisible).toBe(false);
    expect(await roster.locator('dl').innerText()).toContain(String(anonymous.members.filter((m) => m.active).length));
    const text = await page.locator('main').innerText();
    for (const name of [...names, NEW_MEMBER]) expect(text).not.toContain(name);
    expect(text).not.toContain('0912345678');
    expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
    expect(await roster.locator('table').count()).toBe(0);
    await roster.getByRole('link', { name: 'Đăng nhập để xem thành viên tổ' }).waitFor();
    expect(await axeViolations(page, 'roster-visitor')).toEqual([]);
    await roster.scrollIntoViewIfNeeded();
    await shoot(page, 'roster-desktop-visitor', false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
