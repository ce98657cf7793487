import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type autocannon from 'autocannon';

/** What a load run reports: throughput, latency and failures. */
export interface LoadResult {
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Loads one URL from a separate process running autocannon's command line. In the server's own
 * process the load generator shares its event loop and steals its time, which understates the
 * server (the embedded engine most, since its queries run on that same thread). Bounded: the
 * child is killed if it outlives its duration by half a minute.
 */
export function loadFromChild(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> | undefined },
): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['--headers', `${name}=${value}`]);
  const args = [AUTOCANNON, '--connections', String(options.connections), '--duration', String(options.seconds), ...headers, '--json', '--no-progress', url];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: (options.seconds + 30) * 1000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`autocannon failed on ${url}: ${error.message}\n${stderr}`));
        return;
      }
      const result = JSON.parse(stdout) as autocannon.Result;
      resolve({
        path: new URL(url).pathname + new URL(url).search,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
      });
    });
  });
}

/** Requests/s of a path over the health check's in the same run: the ratio survives noisy machines. */
export const ratio = (result: LoadResult, health: LoadResult): number => Number((result.requestsPerSecond / health.requestsPerSecond).toFixed(2));

/**
 * When the load stops, requests it left queued are still being answered, their clients gone;
 * closing the database under them only fills the log with errors. The embedded engine answers one
 * query at a time, in order, so once one more request is answered the queue before it is empty
 * (on the server's pool, nearly so).
 */
export async function drain(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/api/health`)
    .then((response) => response.arrayBuffer())
    .catch(() => undefined);
}

/** The dashboard's whole-province scorecard, every indicator and year. */
export const SCORECARD = '/api/indicator-values?orgUnit=20';

/** The value at fraction `p` (0.5, 0.99) of figures sorted ascending; undefined when there are none. */
export const percentile = (sorted: readonly number[], p: number): number | undefined => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
