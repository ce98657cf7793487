import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createHttpServer, type HttpServer } from '../src/platform/http.ts';
import { launchChromium } from './app-server.ts';
import { watchProblems } from './browser-kit.ts';

// The docs page needs no database: the bare HTTP server serves it, under the same headers.
describe('the API docs page', () => {
  let app: HttpServer;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createHttpServer({ version: 'test' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders under the strict content security policy without a single violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    watchProblems(page, problems);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.sourceFile}`));
    });
    const response = await page.goto(`${baseUrl}/api/docs`, { waitUntil: 'networkidle' });
    await page.getByText('Bản Số API').first().waitFor();
    const policy = String(response?.headers()['content-security-policy']);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https:|unsafe-inline/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
