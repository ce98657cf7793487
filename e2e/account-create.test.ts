import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, logInFirstTime, openPage, shoot } from './browser-kit.ts';

// The smallest demo province: the Kiên Mộc officer has a one-time password, Hin Đăm is one of its villages.
const suite = appInBrowser('e2e-accounts-create-1');

const OFFICER_PASSWORD = 'kien-moc-one-account-2025';
const NEW_PASSWORD = 'hoa-hin-dam-cua-toi-2025';

describe('one account made by hand, and its sessions ended one by one', () => {
  it(
    'lets the Kiên Mộc officer create an account with the form, the new member log in on a phone, and the officer end that session alone',
    { timeout: 300_000 },
    async () => {
      const desk = await openPage(suite.browser, suite.app, DESKTOP);
      const officer = desk.page;
      await officer.goto('/dang-nhap?next=%2Ftai-khoan');
      await logInFirstTime(officer, suite.app, 'canbo.kienmoc', OFFICER_PASSWORD);
      await officer.waitForURL((url) => url.pathname === '/tai-khoan');
      await officer.getByRole('button', { name: 'Tạo một tài khoản' }).click();
      const form = officer.getByRole('form', { name: 'Tạo tài khoản' });

      // Nothing filled in: each field says what it lacks, beside it.
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await form.locator('#new-account-displayName-problem').getByText('Cần điền mục này.').waitFor();
      await form.locator('#new-account-orgUnitCode-problem').getByText('Hãy tìm và chọn một đơn vị.').waitFor();
      expect(await form.getByLabel('Họ tên').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Họ tên').fill('Vi Thị Hoa');
      await form.getByLabel('Tên đăng nhập').fill('Vi Hoa!');
      // The unit is found without diacritics, among the officer's commune only.
      await form.getByLabel(/Tìm xã, phường hoặc thôn/).fill('hin dam');
      await form.getByRole('radio', { name: /Hin Đăm/ }).check();
      await form.getByLabel('Vai trò').selectOption('team_member');
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await form
        .locator('#new-account-username-problem')
        .getByText(/chỉ gồm 3–40 chữ a–z/)
        .waitFor();
      // In English, the same problem in English.
      await officer.getByRole('button', { name: 'EN', exact: true }).click();
      await officer
        .locator('#new-account-username-problem')
        .getByText(/A username is 3–40 letters/)
        .waitFor();
      await officer.getByRole('button', { name: 'VI', exact: true }).click();

      // A username already taken: the server's refusal, beside the username.
      await form.getByLabel('Tên đăng nhập').fill('canbo.kienmoc');
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await form.locator('#new-account-username-problem').getByText('Tên đăng nhập canbo.kienmoc đã có.').waitFor();
      expect(await axeViolations(officer, 'new-account-form')).toEqual([]);
      await shoot(officer, 'account-create-1-form');

      await form.getByLabel('Tên đăng nhập').fill('hoa.hindam');
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await officer.getByText('Đã tạo tài khoản hoa.hindam.', { exact: false }).waitFor();
      const slip = officer.locator('.slip');
      expect(await slip.count()).toBe(1);
      expect(await slip.innerText()).toContain('Hin Đăm');
      const [username, password] = await slip.locator('.slip-secret').allInnerTexts();
      expect(username).toBe('hoa.hindam');
      expect(password).toMatch(/^[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}$/);
      await officer.emulateMedia({ media: 'print' });
      expect(await officer.locator('.site-header').isVisible()).toBe(false);
      expect(await officer.getByRole('button', { name: 'Tạo tài khoản khác' }).isVisible()).toBe(false);
      await officer.emulateMedia({ media: 'screen' });
      await shoot(officer, 'account-create-2-slip');

      // The member logs in on a phone, and must change the one-time password first.
      const phone = await openPage(suite.browser, suite.app, PHONE, { isMobile: true, hasTouch: true });
      await phone.page.goto('/dang-nhap?next=%2Fthuc-dia');
      await phone.page.getByLabel('Tên đăng nhập', { exact: true }).fill(username!);
      await phone.page.getByLabel('Mật khẩu', { exact: true }).fill(password!);
      await phone.page.getByRole('button', { name: 'Đăng nhập' }).last().click();
      await phone.page.waitForURL((url) => url.pathname === '/doi-mat-khau');
      await phone.page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(password!);
      await phone.page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
      await phone.page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
      await phone.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await phone.page.waitForURL((url) => url.pathname !== '/doi-mat-khau');
      expect((await phone.page.request.get('/api/auth/me')).status()).toBe(200);

      // The member's own page lists the phone's session as the current one.
      await phone.page.goto('/tai-khoan/cua-toi');
      await phone.page.getByRole('heading', { level: 1, name: 'Phiên đăng nhập của tôi' }).waitFor();
      await phone.page.locator('table.table-sessions').getByText('Phiên này', { exact: true }).waitFor();
      expect(await axeViolations(phone.page, 'my-sessions')).toEqual([]);
      await shoot(phone.page, 'account-create-3-my-sessions', false);

      // The officer opens the account and ends that session, and only it.
      await officer.getByRole('link', { name: 'Vi Thị Hoa' }).click();
      await officer.getByRole('heading', { level: 2, name: 'Phiên đăng nhập đang mở' }).waitFor();
      const rows = officer.locator('table.table-sessions tbody tr');
      await expect.poll(() => rows.count()).toBe(1);
      await rows
        .first()
        .getByRole('button', { name: /Kết thúc phiên/ })
        .click();
      await officer.getByText('Đã kết thúc phiên.').waitFor();
      await officer.getByText('Không có phiên nào đang mở.').waitFor();
      expect((await phone.page.request.get('/api/auth/me')).status()).toBe(401);
      expect((await officer.request.get('/api/auth/me')).status()).toBe(200);
      await shoot(officer, 'account-create-4-session-ended');

      // The officer's own sessions, from the account menu.
      await officer.locator('.account-menu summary').click();
      await officer.locator('.account-menu').getByRole('link', { name: 'Phiên đăng nhập của tôi' }).click();
      await officer.locator('table.table-sessions').getByText('Phiên này', { exact: true }).waitFor();

      // The one refusal is the username already taken.
      expect(desk.problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
      expect(phone.problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
      await phone.context.close();
      await desk.context.close();
    },
  );
});
