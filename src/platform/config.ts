import path from 'node:path';

/** Runtime settings, read once from the environment so every module sees the same values. */
export interface Config {
  /** postgres://… selects a PostgreSQL server; unset selects the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (and its backups). */
  dataDir: string;
  port: number;
  host: string;
  /** Sessions expire after this many hours without use. */
  sessionHours: number;
  /** Sync pushes the server works on at once before it asks phones to come back later. */
  maxPushesInFlight: number;
  /** Public figures made from fewer households than this are suppressed (decision 0017). */
  minCellSize: number;
  /**
   * Whether to believe X-Forwarded-For/-Proto: true behind one TLS proxy, or the proxies' addresses.
   * It decides the client address the log-in limits count by and whether the session cookie is Secure.
   */
  trustProxy: boolean | string;
  /** Origins besides the server's own whose pages may write with a session (a second domain name). */
  allowedOrigins: string[];
  /**
   * The origin the public reaches the app at (`https://banso.example.vn`): shared links' previews
   * name their page and picture with it. Unset, they take the request's own.
   */
  publicOrigin: string | undefined;
  /** Automatic backups of the embedded database kept of each kind (daily, before migrations). */
  backupsKept: number;
  /** The token the national instance presents to pull this province's values (decision 0027); unset, none is served. */
  exchangeToken: string | undefined;
}

/** BANSO_TRUST_PROXY: unset or false, true (or 1), or a comma-separated list of proxy addresses. */
function readTrustProxy(value: string | undefined): boolean | string {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  return text === 'true' || text === '1' ? true : text;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.BANSO_DATA_DIR ?? 'data'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    sessionHours: Number(env.BANSO_SESSION_HOURS ?? 12),
    maxPushesInFlight: Number(env.BANSO_SYNC_MAX_PUSHES ?? 16),
    minCellSize: Number(env.BANSO_MIN_CELL_SIZE ?? 5),
    trustProxy: readTrustProxy(env.BANSO_TRUST_PROXY),
    allowedOrigins: (env.BANSO_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    publicOrigin: readPublicOrigin(env.BANSO_PUBLIC_ORIGIN),
    backupsKept: atLeastOne(Number(env.BANSO_BACKUPS_KEPT ?? 7), 7),
    exchangeToken: env.BANSO_EXCHANGE_TOKEN || undefined,
  };
}

/**
 * BANSO_PUBLIC_ORIGIN: scheme and host (and port), nothing after; a mistake stops the start rather
 * than put wrong links in every preview shared on Zalo and Facebook.
 */
export function readPublicOrigin(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== text.replace(/\/$/, '').toLowerCase()) {
    throw new Error(`BANSO_PUBLIC_ORIGIN must be an origin such as https://banso.example.vn (scheme and host, no path): ${text}`);
  }
  return url.origin;
}

/** A count that must not be zero: keeping no backup would remove the one just written. */
const atLeastOne = (value: number, otherwise: number) => (Number.isInteger(value) && value >= 1 ? value : otherwise);
