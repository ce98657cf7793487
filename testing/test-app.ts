import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.ts';
import { createAccount, type NewAccount } from '../src/accounts/create-account.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { refreshDataValues } from '../src/indicators/refresh-data-values.ts';
import { FIRST_YEAR, yearsFrom } from '../src/indicators/periods.ts';
import { upsertOrgUnits } from '../src/territory/org-unit.repository.ts';
import { childPath, LEVEL, villageCode } from '../src/territory/territory.rules.ts';
import { foldForSearch } from '../src/platform/text.ts';
import type { DatabaseHandle, Engine } from '../src/platform/database.ts';
import type { HttpServer } from '../src/platform/http.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestSession {
  cookie: string;
  csrfToken: string;
}

export interface TestApp {
  handle: DatabaseHandle;
  app: HttpServer;
  /** Adds a village (code: commune code + 3 digits) under a real commune. */
  addVillage(communeCode: string, number: number, name: string): Promise<string>;
  /** Adds villages numbered from `firstNumber` on, in one go. */
  addVillages(communeCode: string, firstNumber: number, names: readonly string[]): Promise<string[]>;
  /** Creates an account with a known password and logs it in. */
  signIn(account: Omit<NewAccount, 'password'>): Promise<TestSession>;
  /** A request as a logged-in user: the cookie always, the CSRF token on writes. */
  as(session: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery';

/** The whole app on a fresh database with the real territory: what API tests start from. */
export async function startTestApp(engine: Engine, options: AppOptions = {}): Promise<TestApp> {
  const handle = await openTestDatabase(engine, 'prepared');
  // Already done in the copy; what is left is what lives in this process (the modules' registrations).
  await prepareDatabase(handle.db);
  // Small-cell suppression is off unless a test is about it: most build villages of one household.
  const app = await buildApp(handle, { minCellSize: 1, ...options });
  const addVillages = async (communeCode: string, firstNumber: number, names: readonly string[]) => {
    const units = names.map((name, i) => {
      const code = villageCode(communeCode, firstNumber + i);
      return {
        code,
        parent_code: communeCode,
        level: LEVEL.village,
        kind: 'thon' as const,
        name,
        full_name: `Thôn ${name}`,
        search_name: foldForSearch(`Thôn ${name}`),
        path: childPath(`20.${communeCode}`, code),
        province_code: '20',
        is_demo: true,
      };
    });
    await upsertOrgUnits(handle.db, units);
    const codes = units.map((u) => u.code);
    await refreshDataValues(handle.db, { leafLevel: 'village', leaves: codes, years: yearsFrom(FIRST_YEAR) });
    return codes;
  };
  return {
    handle,
    app,
    async addVillage(communeCode, number, name) {
      const [code] = await addVillages(communeCode, number, [name]);
      return code!;
    },
    addVillages,
    async signIn(account) {
      await createAccount(handle.db, { ...account, password: PASSWORD });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: account.username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`log-in failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'banso_session');
      if (!cookie) throw new Error('no session cookie');
      return { cookie: `banso_session=${cookie.value}`, csrfToken: res.json().csrfToken };
    },
    as(session, method, url, payload) {
      const headers: Record<string, string> = { cookie: session.cookie };
      if (method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
      return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
