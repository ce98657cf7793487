import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import type { Engine } from '../src/platform/database.ts';
import { startApp } from '../e2e/app-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** One Lighthouse run's figures: what a phone on a slow network sees of the dashboard's first view. */
export interface LighthouseFigures {
  performanceScore: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  /** Bytes over the wire, as the server sent them (compressed when it compresses). */
  scriptBytes: number;
  dataBytes: number;
  totalBytes: number;
  requests: number;
  /** Audits of the performance category that did not pass, worst first: where to look. */
  failing: { id: string; title: string; score: number | null; display?: string }[];
}

interface NetworkRequest {
  resourceType?: string;
  transferSize?: number;
}

function figures(lhr: Result): LighthouseFigures {
  const audit = (id: string) => lhr.audits[id];
  const requests = ((audit('network-requests')?.details as { items?: NetworkRequest[] } | undefined)?.items ?? []) as NetworkRequest[];
  const bytesOf = (types: string[]) => requests.filter((r) => types.includes(r.resourceType ?? '')).reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  const refs = lhr.categories.performance?.auditRefs ?? [];
  const failing = refs
    .map((ref) => audit(ref.id))
    .filter(
      (a): a is NonNullable<typeof a> =>
        !!a && a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable',
    )
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .map((a) => ({ id: a.id, title: a.title, score: a.score, ...(a.displayValue ? { display: a.displayValue } : {}) }));
  return {
    performanceScore: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    firstContentfulPaintMs: Math.round(audit('first-contentful-paint')?.numericValue ?? 0),
    largestContentfulPaintMs: Math.round(audit('largest-contentful-paint')?.numericValue ?? 0),
    totalBlockingTimeMs: Math.round(audit('total-blocking-time')?.numericValue ?? 0),
    cumulativeLayoutShift: Number((audit('cumulative-layout-shift')?.numericValue ?? 0).toFixed(3)),
    scriptBytes: bytesOf(['Script']),
    dataBytes: bytesOf(['Fetch', 'XHR']),
    totalBytes: Math.round(audit('total-byte-weight')?.numericValue ?? 0),
    requests: requests.length,
    failing,
  };
}

/** Builds the web app: a stale build would measure yesterday's page. */
export function buildWebApp(): void {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/**
 * Lighthouse 12 (mobile profile, its default: a mid-range phone, slow 4G and a 4× slower CPU,
 * simulated) on a page, `runs` times in Debian's Chromium, the median by score: one run varies by
 * a few points. A run Lighthouse could not complete (a page that never painted in time on a loaded
 * machine) scores 0 for its own reasons: it is reported, not averaged in.
 */
export async function lighthouseRuns(url: string, runs: number): Promise<{ runs: number[]; failed: string[]; median: LighthouseFigures | null }> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const done: LighthouseFigures[] = [];
    const failed: string[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
      if (!result) throw new Error('Lighthouse returned nothing');
      if (result.lhr.runtimeError) failed.push(`${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
      else done.push(figures(result.lhr));
    }
    const sorted = [...done].sort((a, b) => a.performanceScore - b.performanceScore);
    return { runs: done.map((r) => r.performanceScore), failed, median: sorted[Math.floor(sorted.length / 2)] ?? null };
  } finally {
    chrome.kill();
  }
}

/**
 * The dashboard's first view, served by the built app as a user starts it, with a small demo
 * province. The embedded engine only: the page and its bytes are the same on either database.
 */
export async function benchDashboardLighthouse(engine: Engine, options = { runs: 3 }): Promise<unknown> {
  if (engine !== 'pglite') return { skipped: 'the page is the same on either engine' };
  buildWebApp();
  const app = await startApp({ adminPassword: `bench-${Date.now()}`, demoScale: '0.05' });
  try {
    return { url: '/bang-dieu-khien', formFactor: 'mobile', ...(await lighthouseRuns(`${app.baseUrl}/bang-dieu-khien`, options.runs)) };
  } finally {
    await app.stop();
  }
}
