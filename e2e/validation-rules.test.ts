import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE } from './app-server.ts';
import { appInBrowser, axeViolations, openPage, shoot } from './browser-kit.ts';

const ADMIN_PASSWORD = 'e2e-validation-rules-password-1';

// This file's own server and demo province (appInBrowser): the rule added here is seen by no other file.
const suite = appInBrowser(ADMIN_PASSWORD);

const CODE = 'e2e.no_fibre_yet';
const DESCRIPTION = 'Chưa hộ nào có cáp quang (thử nghiệm)';

describe('the validation rules, for the province administrator', () => {
  it('adds a rule the demo data breaks, sees its violations, then edits it so they go; refusals keep what was typed', { timeout: 180_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, PHONE);
    await page.goto('/bang-dieu-khien?tab=quality');
    await page.getByText('Không có quy tắc nào bị vi phạm: số liệu năm 2025 của Tỉnh Lạng Sơn khớp với nhau.').waitFor();
    // A visitor sees the violations, not the rules' editor.
    expect(await page.getByRole('heading', { name: 'Quy tắc kiểm tra dữ liệu' }).count()).toBe(0);

    await page.goto(`/dang-nhap?next=${encodeURIComponent('/bang-dieu-khien?tab=quality')}`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    const panel = page.locator('section[aria-labelledby="vr-title"]');
    await panel.getByRole('heading', { name: 'Quy tắc kiểm tra dữ liệu' }).waitFor();
    // The rules as written and in words.
    const fibreRule = panel.locator('tr[data-rule="households.fibre_households_within_households"]');
    await fibreRule.waitFor();
    await expect
      .poll(() => fibreRule.innerText())
      .toMatch(/Hộ có cáp quang ≤ số hộ[\s\S]*HOUSEHOLDS_WITH_FTTH ≤ HOUSEHOLDS[\s\S]*Hộ có cáp quang tại nhà ≤ Hộ gia đình được khảo sát/);

    // Add a rule; focus goes to its first field.
    await panel.getByRole('button', { name: 'Thêm quy tắc' }).click();
    await panel.getByRole('heading', { name: 'Thêm quy tắc' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vr-code');
    await panel.getByLabel('Mã quy tắc').fill(CODE);
    await panel.getByLabel('Mô tả bằng tiếng Việt').fill(DESCRIPTION);
    await panel.getByLabel('Mô tả bằng tiếng Anh').fill('No household has fibre yet (test)');
    await panel.getByLabel('Vế trái').fill('HOUSEHOLDS_WITH_FTTH');
    await panel.getByLabel('Phép so sánh').selectOption({ label: '≤ (không lớn hơn)' });
    await panel.getByLabel('Vế phải').fill('HOUSEHOLDS_FIBRE');

    // An unknown data element: refused before sending, in the server's words, under its field, nothing lost.
    await panel.getByRole('button', { name: 'Lưu quy tắc' }).click();
    const right = panel.getByLabel('Vế phải');
    await panel.getByText('Không có phần tử dữ liệu HOUSEHOLDS_FIBRE.').waitFor();
    expect(await right.getAttribute('aria-invalid')).toBe('true');
    expect(await right.getAttribute('aria-describedby')).toContain('vr-rightSide-problem');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vr-rightSide');
    expect(await right.inputValue()).toBe('HOUSEHOLDS_FIBRE');
    expect(await panel.getByLabel('Mã quy tắc').inputValue()).toBe(CODE);
    expect(await panel.getByLabel('Mô tả bằng tiếng Việt').inputValue()).toBe(DESCRIPTION);
    expect(await axeViolations(page, 'rules form')).toEqual([]);
    await right.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await shoot(page, 'validation-rules-phone-1-refused', false);

    // The API's refusal, in its own words and the language on screen; the form is kept as typed.
    await page.route('**/api/validation-rules/*', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 403,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'auth.forbidden', message: { vi: 'Bạn không có quyền sửa quy tắc kiểm tra.', en: 'You may not change validation rules.' } },
            }),
          })
        : route.fallback(),
    );
    await right.fill('0');
    await panel.getByRole('button', { name: 'Lưu quy tắc' }).click();
    expect(await panel.getByRole('alert').innerText()).toBe('Bạn không có quyền sửa quy tắc kiểm tra.');
    expect(await right.inputValue()).toBe('0');
    expect(await panel.getByLabel('Mã quy tắc').inputValue()).toBe(CODE);
    await page.unroute('**/api/validation-rules/*');
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 403/)]);

    // Saved: said, listed, and the villages with fibre now break it.
    await panel.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await panel.getByRole('status').getByText(`Đã thêm quy tắc “${DESCRIPTION}”; số liệu đã được kiểm tra lại theo quy tắc này.`).waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);
    const row = panel.locator(`tr[data-rule="${CODE}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/HOUSEHOLDS_WITH_FTTH ≤ 0[\s\S]*Hộ có cáp quang tại nhà ≤ 0/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('vr-add');
    const broken = page.locator(`table.dq-table tbody tr[data-violation^="${CODE}/"]`);
    await expect.poll(() => broken.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByText(/^Có \d+ vi phạm, ở \d+ thôn, bản và \d+ xã, phường\./).waitFor();
    expect(await broken.first().innerText()).toContain(DESCRIPTION);
    // The rule can be chosen above the list, like the others.
    await page.getByLabel('Quy tắc', { exact: true }).locator(`option[value="${CODE}"]`).waitFor({ state: 'attached' });
    expect(await axeViolations(page, 'rules list')).toEqual([]);
    await row.scrollIntoViewIfNeeded();
    await shoot(page, 'validation-rules-phone-2-added', false);

    // Edit it so it holds: the violations go.
    await row.getByRole('button', { name: `Sửa — ${DESCRIPTION}` }).click();
    await panel.getByRole('heading', { name: `Sửa quy tắc ${CODE}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vr-vi');
    // The code is the rule's name for its violations and the audit: not editable.
    expect(await panel.getByLabel('Mã quy tắc').count()).toBe(0);
    expect(await right.inputValue()).toBe('0');
    await right.fill('HOUSEHOLDS');
    await panel.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await panel.getByRole('status').getByText(`Đã lưu quy tắc “${DESCRIPTION}”; số liệu đã được kiểm tra lại theo quy tắc này.`).waitFor();
    await expect.poll(() => row.innerText()).toMatch(/HOUSEHOLDS_WITH_FTTH ≤ HOUSEHOLDS/);
    await page.getByText('Không có quy tắc nào bị vi phạm: số liệu năm 2025 của Tỉnh Lạng Sơn khớp với nhau.').waitFor();
    expect(await broken.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`vr-edit-${CODE}`);

    // English: the same panel and client checks; Cancel from the keyboard gives focus back to the button that opened the form.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await panel.getByRole('heading', { name: 'Data validation rules' }).waitFor();
    await panel.getByRole('button', { name: 'Add a rule' }).click();
    await panel.getByRole('button', { name: 'Save rule' }).click();
    await panel.getByText('Enter a rule code.').waitFor();
    await panel.getByText('Enter the left side.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vr-code');
    await panel.getByLabel('Comparison').selectOption({ label: '≥ (at least)' });
    await panel.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('vr-add');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lays the panel out on a wide screen too', { timeout: 120_000 }, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.app, DESKTOP);
    await page.goto(`/dang-nhap?next=${encodeURIComponent('/bang-dieu-khien?tab=quality')}`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
    const panel = page.locator('section[aria-labelledby="vr-title"]');
    await panel.locator('tr[data-rule]').first().waitFor();
    await panel.getByRole('button', { name: 'Thêm quy tắc' }).click();
    await panel.getByText(/^Các phần tử dữ liệu \(\d+\)$/).click();
    await panel.locator('code', { hasText: 'HOUSEHOLDS_WITH_FTTH' }).first().waitFor();
    expect(await axeViolations(page, 'rules desktop')).toEqual([]);
    await shoot(page, 'validation-rules-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });
});
