import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuilt, launchChromium, SCREENSHOTS, startApp, type AppStart, type RunningApp } from './app-server.ts';

/** What every browser test shares: a page that records its faults, screenshots, axe-core, demo passwords. */

/** Failures a page must not have: script errors and console errors, bar the ones a test expects. */
export function watchProblems(page: Page, problems: string[], expected: RegExp = /status of 401/): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 401 from /api/auth/me is how a visitor learns they are not logged in; everything else is a fault.
    if (message.type() === 'error' && !expected.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}

/** A fresh browser profile in Vietnam, whose page collects its faults in `problems`. */
export async function openPage(
  browser: Browser,
  app: RunningApp,
  viewport: { width: number; height: number },
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: app.baseUrl, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  watchProblems(page, problems);
  return { context, page, problems };
}

export const shoot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * axe-core on the page as it stands: the violations of the given impacts; serious ones are logged
 * in any case, to be fixed. Evaluated through DevTools, not a script tag: the production CSP
 * (script-src 'self') rightly refuses inline scripts, and bypassing it would hide what we test.
 */
export async function axeViolations(page: Page, label: string, impacts: readonly string[] = ['critical']): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<AxeResult> } }).axe.run());
  for (const violation of result.violations.filter((v) => v.impact === 'serious' && !impacts.includes('serious'))) {
    console.warn(
      `[axe ${label}] serious: ${violation.id} — ${violation.help} (${violation.nodes.length}) ${JSON.stringify(violation.nodes.slice(0, 3).map((n) => n.target))}`,
    );
  }
  return result.violations
    .filter((v) => v.impact !== null && impacts.includes(v.impact))
    .map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}

/** A demo account's one-time password, printed once by the first start. */
export function demoPassword(app: RunningApp, username: string): string {
  const match = new RegExp(`Demo account "${username.replace('.', '\\.')}"[^\\n]*one-time password: (\\S+)`).exec(app.output());
  if (!match?.[1]) throw new Error(`No one-time password for ${username} in the server output:\n${app.output()}`);
  return match[1];
}

/**
 * On the log-in page: a demo account's first log-in, which must change its one-time password to
 * `newPassword` before going where it was heading.
 */
export async function logInFirstTime(page: Page, app: RunningApp, username: string, newPassword: string): Promise<void> {
  await logInWithOneTimePassword(page, username, demoPassword(app, username), newPassword);
}

/** On the log-in page: the first log-in of an account made with `oneTimePassword`, changed to `newPassword`. */
export async function logInWithOneTimePassword(page: Page, username: string, oneTimePassword: string, newPassword: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập', { exact: true }).fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(oneTimePassword);
  await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
  await page.getByLabel('Mật khẩu hiện tại', { exact: true }).fill(oneTimePassword);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
  await page.getByLabel('Nhập lại mật khẩu mới', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.waitForURL((url) => url.pathname !== '/doi-mat-khau');
}

/** A call to the API as one account (JSON in, or text of `contentType`; JSON out); a refusal throws with the server's answer. */
export type ApiCall = <T = unknown>(method: string, path: string, body?: unknown, contentType?: string) => Promise<T>;

/** The API as `username`: how a journey sets up, through the same doors as a person, what its pages then show. */
export async function apiAs(app: RunningApp, username: string, password: string): Promise<ApiCall> {
  const login = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`log-in of ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const res = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** The API as an account made with a one-time password, changed to `newPassword` at this first log-in. */
export async function apiFirstTime(app: RunningApp, username: string, oneTimePassword: string, newPassword: string): Promise<ApiCall> {
  const call = await apiAs(app, username, oneTimePassword);
  await call('POST', '/api/auth/password', { currentPassword: oneTimePassword, newPassword });
  return call;
}

/** What a browser test file drives: the built app, started on the smallest demo province, and Chromium. */
export interface BrowserSuite {
  app: RunningApp;
  browser: Browser;
}

/**
 * Registers the file's set-up and tear-down: build the web app if needed, start the server on a
 * fresh demo province (its first start prints the demo accounts' one-time passwords), launch
 * Chromium; both stopped after the file. The fields are filled in before the first test runs.
 */
export function appInBrowser(adminPassword: string, more: Pick<AppStart, 'env' | 'before' | 'prepare'> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    suite.app = await startApp({ adminPassword, demoScale: '0.05', ...more });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
  });
  return suite;
}
