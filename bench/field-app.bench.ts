import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { request, type APIRequestContext, type Browser, type BrowserContext, type CDPSession, type Page, type Request } from 'playwright-core';
import type { Engine } from '../src/platform/database.ts';
import { launchChromium, PHONE, type RunningApp } from '../e2e/app-server.ts';
import { demoPassword } from '../e2e/browser-kit.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const NEW_PASSWORD = 'bench-field-team-password-1';

/**
 * A bad connection, as the DevTools protocol's Network domain applies it: 400 ms added to every
 * request and 50,000 bytes/s (400 kbit/s) each way. That is Chrome DevTools' "Slow 3G" bandwidth
 * with its base round trip of 400 ms; the DevTools preset itself multiplies the round trip by 5
 * and adds 2,000 ms to every request (`SLOW_3G_DEVTOOLS`, run once as the worst case).
 */
export const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
export const SLOW_3G_DEVTOOLS = { ...SLOW_3G, latency: 2_000 };

interface Profile {
  network: typeof SLOW_3G | null;
  /** Chromium's CPU slowdown: 4 is what DevTools and Lighthouse take for a mid-range phone. */
  cpu: number;
}

const THROTTLED: Profile = { network: SLOW_3G, cpu: 4 };
const UNTHROTTLED: Profile = { network: null, cpu: 1 };
const DEVTOOLS_SLOW_3G: Profile = { network: SLOW_3G_DEVTOOLS, cpu: 4 };

/**
 * Marks taken in the page, on its own clock (milliseconds since the navigation started): the
 * household list and its search box on screen, the first search typed, its answer on screen,
 * the service worker taking the page. A mark is the animation frame after the change: the first
 * frame that can show it. A string, so that it runs as written in any page.
 */
const PROBE = `(() => {
  const marks = { listVisible: null, inputAt: null, answered: null, controlled: null };
  window.__fieldBench = marks;
  const pending = { listVisible: false, answered: false };
  let countAtInput = null;
  const onNextFrame = (key) => requestAnimationFrame(() => { if (marks[key] === null) marks[key] = performance.now(); });
  const check = () => {
    if (!pending.listVisible) {
      const input = document.getElementById('household-search');
      const link = document.querySelector('.household-list a');
      if (input && link && !input.disabled && link.getBoundingClientRect().height > 0) {
        pending.listVisible = true;
        onNextFrame('listVisible');
      }
    }
    if (marks.inputAt !== null && !pending.answered) {
      const count = document.querySelector('.list-count');
      if (count && count.textContent !== countAtInput) {
        pending.answered = true;
        onNextFrame('answered');
      }
    }
  };
  document.addEventListener('input', (event) => {
    if (marks.inputAt !== null || !event.target || event.target.id !== 'household-search') return;
    marks.inputAt = event.timeStamp;
    countAtInput = document.querySelector('.list-count')?.textContent ?? null;
  }, true);
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  navigator.serviceWorker?.addEventListener('controllerchange', () => { if (marks.controlled === null) marks.controlled = performance.now(); });
})();`;

interface Marks {
  listVisible: number | null;
  inputAt: number | null;
  answered: number | null;
  controlled: number | null;
}

/** Bytes over the wire by kind, as Chromium received them (compressed bodies and their headers). */
interface Bytes {
  js: number;
  css: number;
  /** The API's JSON (fetches under /api/). */
  data: number;
  document: number;
  other: number;
  total: number;
  requests: number;
  /** Of which answered by the service worker, with no network. */
  fromServiceWorker: number;
}

interface Resource {
  path: string;
  type: string;
  status: number;
  bytes: number;
  encoding: string | null;
  fromServiceWorker: boolean;
}

interface LoadFigures {
  /** Navigation to the household list and the search box on screen. */
  listVisibleMs: number;
  /** Navigation to the answer of a search typed the moment the box was there: "time to interactive" here. */
  interactiveMs: number;
  /** The typed search's input event to its answer on screen: how busy the page still was. */
  inputToAnswerMs: number;
  /** Navigation to the service worker controlling the page (a cold load works offline from then on). */
  controlledMs: number | null;
  households: number;
  bytes: Bytes;
  /** What the service worker fetched for itself meanwhile (the precache, on a cold load). */
  worker: { requests: number; bytes: number; ms: number };
  resources: Resource[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (n: number) => Math.round(n);

/** Every response of the page and the bytes it took, from the DevTools protocol. */
function watchNetwork(cdp: CDPSession): () => Resource[] {
  const seen = new Map<string, Resource>();
  cdp.on('Network.responseReceived', (event) => {
    const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? null;
    seen.set(event.requestId, {
      path: new URL(event.response.url).pathname,
      type: event.type ?? 'Other',
      status: event.response.status,
      bytes: 0,
      encoding,
      fromServiceWorker: !!event.response.fromServiceWorker,
    });
  });
  cdp.on('Network.loadingFinished', (event) => {
    const resource = seen.get(event.requestId);
    if (resource) resource.bytes = event.encodedDataLength;
  });
  return () => [...seen.values()];
}

/** What the context's service worker fetches from the network (Playwright reports it for Chromium). */
function watchWorker(context: BrowserContext): () => Promise<LoadFigures['worker']> {
  const fetched: Promise<{ bytes: number; start: number; end: number }>[] = [];
  const listener = (req: Request) => {
    if (!req.serviceWorker()) return;
    fetched.push(
      req.sizes().then((sizes) => {
        const timing = req.timing();
        return { bytes: sizes.responseBodySize + sizes.responseHeadersSize, start: timing.startTime, end: timing.startTime + timing.responseEnd };
      }),
    );
  };
  context.on('requestfinished', listener);
  return async () => {
    context.off('requestfinished', listener);
    const all = await Promise.all(fetched);
    const span = all.length === 0 ? 0 : Math.max(...all.map((r) => r.end)) - Math.min(...all.map((r) => r.start));
    return { requests: all.length, bytes: all.reduce((sum, r) => sum + r.bytes, 0), ms: round(span) };
  };
}

function bytesOf(resources: Resource[]): Bytes {
  const sum = (filter: (r: Resource) => boolean) => resources.filter(filter).reduce((total, r) => total + r.bytes, 0);
  const isData = (r: Resource) => (r.type === 'Fetch' || r.type === 'XHR') && r.path.startsWith('/api/');
  return {
    js: sum((r) => r.type === 'Script'),
    css: sum((r) => r.type === 'Stylesheet'),
    data: sum(isData),
    document: sum((r) => r.type === 'Document'),
    other: sum((r) => !['Script', 'Stylesheet', 'Document'].includes(r.type) && !isData(r)),
    total: sum(() => true),
    requests: resources.length,
    fromServiceWorker: resources.filter((r) => r.fromServiceWorker).length,
  };
}

/**
 * Slows the page's network and CPU, and the network of the service worker it starts or meets:
 * emulation is per DevTools target, and a worker's precache would otherwise download at full
 * speed. Each target gets its own 50,000 bytes/s, so a worker and a page downloading at the same
 * moment get twice the bandwidth a phone would: on a cold load the figures are a little kind.
 */
async function throttle(cdp: CDPSession, profile: Profile): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const network = profile.network;
  if (!network) return;
  await cdp.send('Network.emulateNetworkConditions', network);
  let id = 0;
  const toTarget = (sessionId: string, method: string, params: object) =>
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
  // Attached targets wait for us before they run: the worker's first request is throttled too.
  cdp.on('Target.attachedToTarget', (event) => {
    void (async () => {
      if (event.targetInfo.type === 'service_worker') {
        await toTarget(event.sessionId, 'Network.enable', {});
        await toTarget(event.sessionId, 'Network.emulateNetworkConditions', network);
      }
      if (event.waitingForDebugger) await toTarget(event.sessionId, 'Runtime.runIfWaitingForDebugger', {});
    })().catch(() => undefined);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

const marksOf = (page: Page) => page.evaluate(() => (window as unknown as { __fieldBench: Marks }).__fieldBench);
const waitForMark = (page: Page, mark: keyof Marks) =>
  page.waitForFunction((key) => (window as unknown as { __fieldBench: Marks }).__fieldBench[key] !== null, mark, { polling: 50 });

/**
 * Opens /thuc-dia in a new page of the context, slowed as the profile says, types a search the
 * moment the box is there, and waits for its answer and for the first sync to end (its bytes
 * count); on a cold load, for the service worker to take the page too.
 */
async function loadFieldApp(context: BrowserContext, profile: Profile): Promise<{ page: Page; figures: LoadFigures }> {
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const cdp = await context.newCDPSession(page);
  const resources = watchNetwork(cdp);
  const worker = watchWorker(context);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await throttle(cdp, profile);
  try {
    await page.goto('/thuc-dia', { waitUntil: 'commit' });
    // "ho 12" leaves one household: the answer changes the count under the box.
    await page.locator('#household-search').fill('ho 12');
    await waitForMark(page, 'answered');
    await page
      .locator('.sync-bar')
      .getByText(/Đồng bộ lần cuối: vừa xong/)
      .waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 200 });
  } catch (error) {
    // What the phone was showing, and what failed.
    const shown = await page
      .locator('body')
      .innerText({ timeout: 5_000 })
      .catch(() => '(no page)');
    const failed = resources()
      .filter((r) => r.status >= 400)
      .map((r) => `${r.status} ${r.path}`);
    throw new Error(
      `the field app did not load: ${(error as Error).message.split('\n')[0]}\nshown: ${shown.slice(0, 400)}\nfailed: ${failed.join(', ') || 'none'}\nerrors: ${errors.join(' | ') || 'none'}`,
    );
  }
  const marks = await marksOf(page);
  const count = (await page.locator('.list-count').textContent()) ?? '';
  const list = resources();
  return {
    page,
    figures: {
      listVisibleMs: round(marks.listVisible ?? NaN),
      interactiveMs: round(marks.answered ?? NaN),
      inputToAnswerMs: round((marks.answered ?? NaN) - (marks.inputAt ?? NaN)),
      controlledMs: marks.controlled === null ? null : round(marks.controlled),
      households: Number(/(\d[\d.]*)\D*$/.exec(count)?.[1]?.replaceAll('.', '') ?? NaN),
      bytes: bytesOf(list),
      worker: await worker(),
      resources: list,
    },
  };
}

/** One round trip to the API from the page, slowed as the page is: the floor of any request. */
async function healthMs(page: Page, times = 3): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    runs.push(
      await page.evaluate(async () => {
        const started = performance.now();
        await (await fetch('/api/health', { cache: 'no-store' })).text();
        return performance.now() - started;
      }),
    );
  }
  return round(median(runs));
}

type SessionState = Awaited<ReturnType<APIRequestContext['storageState']>>;

/** A fresh phone (no cache, no worker, no database), with the team member's session cookie. */
async function phoneContext(browser: Browser, app: RunningApp, storageState: SessionState): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: PHONE,
    baseURL: app.baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
    isMobile: true,
    hasTouch: true,
    storageState,
  });
  await context.addInitScript(PROBE);
  return context;
}

/** Logs in as doi.hindam through the API and replaces the one-time password, as the e2e does through the pages. */
async function logIn(app: RunningApp): Promise<SessionState> {
  const api = await request.newContext({ baseURL: app.baseUrl, timeout: 30_000 });
  try {
    const oneTime = demoPassword(app, 'doi.hindam');
    const login = await api.post('/api/auth/login', { data: { username: 'doi.hindam', password: oneTime } });
    if (!login.ok()) throw new Error(`log-in failed: ${login.status()} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const changed = await api.post('/api/auth/password', {
      headers: { 'x-csrf-token': csrfToken },
      data: { currentPassword: oneTime, newPassword: NEW_PASSWORD },
    });
    if (!changed.ok()) throw new Error(`password change failed: ${changed.status()} ${await changed.text()}`);
    return await api.storageState();
  } finally {
    await api.dispose();
  }
}

/** A body's size as the server sends it in one encoding, counted off the socket. */
function servedBytes(baseUrl: string, pathname: string, encoding: 'br' | 'gzip'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${pathname}`, { headers: { 'accept-encoding': encoding }, timeout: 10_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${pathname}`)));
    req.on('error', reject);
  });
}

interface PairFigures {
  cold: LoadFigures;
  warm: LoadFigures;
  healthMs: number;
}

/** A cold load on a fresh phone, then a warm one on the same phone (worker installed, village in its database). */
async function coldThenWarm(browser: Browser, app: RunningApp, state: SessionState, profile: Profile): Promise<PairFigures> {
  const context = await phoneContext(browser, app, state);
  try {
    const cold = await loadFieldApp(context, profile);
    await cold.page.close();
    const warm = await loadFieldApp(context, profile);
    return { cold: cold.figures, warm: warm.figures, healthMs: await healthMs(warm.page) };
  } finally {
    await context.close();
  }
}

/** Reloads with no network at all, the CPU slowed by `cpu`: navigation to the list on screen, each time. */
async function offlineReloads(browser: Browser, app: RunningApp, state: SessionState, cpu: number, times: number): Promise<number[]> {
  const context = await phoneContext(browser, app, state);
  try {
    const installed = await loadFieldApp(context, UNTHROTTLED);
    await installed.page.close();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.goto('/thuc-dia');
    await waitForMark(page, 'listVisible');
    await context.setOffline(true);
    const runs: number[] = [];
    for (let i = 0; i < times; i++) {
      const response = await page.reload({ waitUntil: 'commit' });
      if (!response?.fromServiceWorker()) throw new Error('an offline reload did not come from the service worker');
      await waitForMark(page, 'listVisible');
      runs.push(round((await marksOf(page)).listVisible ?? NaN));
    }
    await context.setOffline(false);
    return runs;
  } finally {
    await context.close();
  }
}

function summary(runs: LoadFigures[]) {
  const mid = (pick: (r: LoadFigures) => number) => round(median(runs.map(pick)));
  return {
    listVisibleMs: mid((r) => r.listVisibleMs),
    interactiveMs: mid((r) => r.interactiveMs),
    inputToAnswerMs: mid((r) => r.inputToAnswerMs),
    controlledMs: runs.every((r) => r.controlledMs !== null) ? mid((r) => r.controlledMs!) : null,
    interactiveRuns: runs.map((r) => r.interactiveMs),
    received: runs[0]!.bytes,
    worker: { requests: runs[0]!.worker.requests, bytes: runs[0]!.worker.bytes, ms: mid((r) => r.worker.ms) },
  };
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(1));

/**
 * A copy of the working tree as it is now (server, web app, the e2e's server starter; the
 * dependencies linked, not copied), built there: the run serves one version from start to end,
 * whatever is rebuilt in the tree meanwhile, and leaves the tree's own web/dist alone.
 */
function snapshotTree(): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'banso-field-bench-'));
  const remove = () => {
    unlinkSync(path.join(root, 'node_modules'));
    rmSync(root, { recursive: true, force: true });
  };
  const dist = path.join(ROOT, 'web/dist');
  for (const entry of ['bin', 'src', 'web', 'e2e/app-server.ts', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true, filter: (source) => source !== dist });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', timeout: 300_000 });
  if (build.status !== 0) {
    remove();
    throw new Error('npm run build failed');
  }
  return { root, remove };
}

/**
 * The field app's first load as a team member sees it on a cheap phone with one bar of signal,
 * logged in: the bytes of the first open of /thuc-dia (compressed as the server sends them), the
 * time to a usable household list under Slow 3G and a 4× slower CPU, on a fresh phone and again
 * with the worker installed, and reloads with no network at all. The same loads unthrottled, and
 * a round trip to /api/health under the same throttling, are the baselines of the same run.
 * The embedded engine only: the page and its bytes are the same on either database.
 */
export async function benchFieldApp(engine: Engine, options = { runs: 3, offlineReloads: 5, devtoolsPreset: true }): Promise<unknown> {
  if (engine !== 'pglite') return { skipped: 'the page is the same on either engine' };
  // Always the current code (a stale build would measure yesterday's page), in a copy of its own.
  const tree = snapshotTree();
  const dist = path.join(tree.root, 'web/dist');
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  try {
    // The e2e's own starter, from the copy: `banso serve` there, on a fresh embedded database.
    const { startApp } = (await import(pathToFileURL(path.join(tree.root, 'e2e/app-server.ts')).href)) as typeof import('../e2e/app-server.ts');
    app = await startApp({ adminPassword: `bench-${Date.now()}`, demoScale: '0.05' });
    const state = await logIn(app);
    browser = await launchChromium();
    const throttled: PairFigures[] = [];
    const unthrottled: PairFigures[] = [];
    // Interleaved, so that a busy spell on the machine falls on both.
    for (let i = 0; i < options.runs; i++) {
      throttled.push(await coldThenWarm(browser, app, state, THROTTLED));
      unthrottled.push(await coldThenWarm(browser, app, state, UNTHROTTLED));
    }
    const devtools = options.devtoolsPreset ? await coldThenWarm(browser, app, state, DEVTOOLS_SLOW_3G) : null;
    const offline4x = await offlineReloads(browser, app, state, THROTTLED.cpu, options.offlineReloads);
    const offline1x = await offlineReloads(browser, app, state, 1, options.offlineReloads);

    // The first load's code in each encoding the server offers (Chromium takes brotli), and in
    // brotli at its best quality, as files compressed at build time would be.
    const first = throttled[0]!.cold;
    const baseUrl = app.baseUrl;
    const code = first.resources.filter((r) => (r.type === 'Script' || r.type === 'Stylesheet') && !r.fromServiceWorker);
    const files = await Promise.all(
      code.map(async (r) => ({
        path: r.path,
        type: r.type,
        received: r.bytes,
        encoding: r.encoding,
        br: await servedBytes(baseUrl, r.path, 'br'),
        gzip: await servedBytes(baseUrl, r.path, 'gzip'),
        br11: brotliCompressSync(readFileSync(path.join(dist, r.path)), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
      })),
    );
    const bodies = (type: string) => ({
      br: files.filter((f) => f.type === type).reduce((sum, f) => sum + f.br, 0),
      gzip: files.filter((f) => f.type === type).reduce((sum, f) => sum + f.gzip, 0),
      br11: files.filter((f) => f.type === type).reduce((sum, f) => sum + f.br11, 0),
    });

    const cold = summary(throttled.map((p) => p.cold));
    const warm = summary(throttled.map((p) => p.warm));
    const coldBase = summary(unthrottled.map((p) => p.cold));
    const warmBase = summary(unthrottled.map((p) => p.warm));
    const health = round(median(throttled.map((p) => p.healthMs)));
    return {
      url: '/thuc-dia',
      households: first.households,
      profile: { network: SLOW_3G, cpuSlowdown: THROTTLED.cpu, viewport: PHONE },
      firstLoad: {
        received: first.bytes,
        scriptBodies: bodies('Script'),
        styleBodies: bodies('Stylesheet'),
        files,
        requests: first.resources.map((r) => `${r.type} ${r.path} ${r.bytes}${r.fromServiceWorker ? ' (worker)' : ''}`),
      },
      throttled: { cold, warm, healthMs: health },
      unthrottled: { cold: coldBase, warm: warmBase, healthMs: round(median(unthrottled.map((p) => p.healthMs))) },
      ratio: {
        cold: ratio(cold.interactiveMs, coldBase.interactiveMs),
        warm: ratio(warm.interactiveMs, warmBase.interactiveMs),
        coldInRoundTrips: ratio(cold.interactiveMs, health),
        warmInRoundTrips: ratio(warm.interactiveMs, health),
      },
      devtoolsSlow3g: devtools && { network: SLOW_3G_DEVTOOLS, cold: summary([devtools.cold]), warm: summary([devtools.warm]), healthMs: devtools.healthMs },
      offlineReload: {
        cpu4x: { medianMs: round(median(offline4x)), maxMs: Math.max(...offline4x), runs: offline4x },
        cpu1x: { medianMs: round(median(offline1x)), maxMs: Math.max(...offline1x), runs: offline1x },
      },
    };
  } finally {
    await browser?.close();
    await app?.stop();
    tree.remove();
  }
}
