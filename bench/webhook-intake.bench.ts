import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../src/app.ts';
import type { Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { newId } from '../src/platform/ids.ts';
import { createRandom } from '../src/platform/seeded-random.ts';
import { createSecretBox } from '../src/platform/secret-box.ts';
import { createAccount } from '../src/accounts/index.ts';
import { cassoSignature, hashApiKey, TRANSFER_RECEIVED } from '../src/payments/index.ts';
import { insertBankFeed, type BankFeedRow } from '../src/payments/bank-feed.repository.ts';
import { drain } from './load.ts';
import { healthBaseline, healthFigures, pool, request, runInWorker, timing, type Timing } from './sync-storm.bench.ts';

/**
 * Webhook intake (issue 13 aims at 1,000 notifications/s on PostgreSQL): `notifications` bank
 * notifications for `feeds` payees (half SePay, half Casso, each its own account), every one sent
 * `copies` times in a shuffled order over HTTP on loopback, at most `connections` at a time — a
 * provider retrying, and replays. The baseline, in the same run and at the same concurrency, is as
 * many `/api/health` requests. Afterwards each notification must be credited exactly once: one
 * transfer row, one bank.transfer-received event, one `credited` answer. Bounded by `seconds`.
 */
export interface WebhookIntakeOptions {
  notifications: number;
  copies: number;
  feeds: number;
  connections: number;
  seconds: number;
}

export const WEBHOOK_INTAKE: WebhookIntakeOptions = { notifications: 1_000, copies: 10, feeds: 20, connections: 50, seconds: 90 };

interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface ClientInput {
  webhookIntakeClient: true;
  port: number;
  connections: number;
  seconds: number;
  deliveries: Delivery[];
}

interface ClientOutput {
  health: Timing & { failed: number };
  intake: Timing & { notStarted: number };
  outcomes: Record<string, number>;
}

export async function benchWebhookIntake(engine: Engine, options: WebhookIntakeOptions = WEBHOOK_INTAKE) {
  const handle = await openTestDatabase(engine);
  const { db } = handle;
  await prepareDatabase(db);
  const secretKey = randomBytes(32);
  const box = createSecretBox(secretKey);
  const { id: createdBy } = await createAccount(db, {
    username: 'nguoi.ban',
    displayName: 'Người bán',
    role: 'seller',
    orgUnitCode: '06376',
    password: 'mat khau dai du',
  });
  const feeds: { row: BankFeedRow; secret: string }[] = [];
  for (let f = 0; f < options.feeds; f++) {
    const provider = f % 2 === 0 ? ('sepay' as const) : ('casso' as const);
    const secret = randomBytes(24).toString('base64url');
    const row = await insertBankFeed(db, {
      id: newId(),
      provider,
      payee_kind: 'shop',
      payee_id: newId(),
      province_code: '20',
      account_number: `88880000${String(f).padStart(4, '0')}`,
      created_by: createdBy,
      secret_hash: provider === 'sepay' ? hashApiKey(secret) : null,
      secret_sealed: provider === 'casso' ? box.seal(secret) : null,
    });
    feeds.push({ row, secret });
  }

  const app = await buildApp(handle, { secretKey });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    // Casso signatures are made now: the intake must run within their five-minute window.
    const notifications = Array.from({ length: options.notifications }, (_, n): Delivery => {
      const { row, secret } = feeds[n % feeds.length]!;
      const content = `DH${String(n).padStart(7, '0')} thanh toán đơn hàng`;
      if (row.provider === 'sepay') {
        const body = {
          id: 100_000 + n,
          gateway: 'Agribank',
          transactionDate: '2026-03-10 10:14:51',
          accountNumber: row.account_number,
          code: null,
          content,
          transferType: 'in',
          transferAmount: 50_000 + n,
          accumulated: 0,
          subAccount: null,
          referenceCode: `FT${n}`,
          description: '',
        };
        return { path: `/api/payments/webhooks/sepay/${row.id}`, headers: { authorization: `Apikey ${secret}` }, body: JSON.stringify(body) };
      }
      const body = {
        error: 0,
        data: {
          id: 100_000 + n,
          reference: `FT${n}`,
          description: content,
          amount: 50_000 + n,
          runningBalance: 0,
          transactionDateTime: '2026-03-10 10:14:51',
          accountNumber: row.account_number,
        },
      };
      return {
        path: `/api/payments/webhooks/casso/${row.id}`,
        headers: { 'x-casso-signature': cassoSignature(body, secret, Date.now()) },
        body: JSON.stringify(body),
      };
    });
    // A seeded order, the same every run.
    const copies = notifications.flatMap((d) => Array<Delivery>(options.copies).fill(d));
    const deliveries = Array.from(createRandom(20_261_205, 'webhook-intake').permutation(copies.length), (i) => copies[i]!);
    const input: ClientInput = { webhookIntakeClient: true, port, connections: options.connections, seconds: options.seconds, deliveries };
    const output = await runInWorker<ClientOutput>(import.meta.url, input);
    await drain(`http://127.0.0.1:${port}`);

    const count = async (query: Promise<{ n: number }>) => Number((await query).n);
    const transfers = await count(
      db
        .selectFrom('bank_transfer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const events = await count(
      db
        .selectFrom('outbox_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('topic', '=', TRANSFER_RECEIVED)
        .executeTakeFirstOrThrow(),
    );
    const perSecond = output.intake.count / output.intake.seconds;
    const healthPerSecond = output.health.count / output.health.seconds;
    return {
      engine,
      options,
      health: healthFigures(output.health),
      intake: {
        requests: output.intake.count,
        notStarted: output.intake.notStarted,
        seconds: Number(output.intake.seconds.toFixed(1)),
        /** Notifications answered per second, copies included: what the providers see. */
        notificationsPerSecond: Math.round(perSecond),
        p50Ms: output.intake.p50Ms,
        p99Ms: output.intake.p99Ms,
        maxMs: output.intake.maxMs,
        outcomes: output.outcomes,
      },
      /** Notifications per second over health checks per second, same concurrency, same run. */
      ratioToHealth: Number((perSecond / healthPerSecond).toFixed(3)),
      check: {
        distinct: options.notifications,
        credited: output.outcomes.credited ?? 0,
        transfers,
        events,
        /** Credited more than once (0 when each is credited once). */
        duplicated: transfers - Math.min(transfers, options.notifications),
      },
    };
  } finally {
    await app.close();
    await handle.close();
  }
}

// ---- The load, in its own thread ----

async function runClient(input: ClientInput): Promise<ClientOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const deadline = performance.now() + input.seconds * 1000;

  const health = await healthBaseline(agent, input.port, input.deliveries.length, input.connections, deadline);

  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  const notStarted = await pool(input.deliveries, input.connections, started + input.seconds * 1000, async (delivery) => {
    const body = Buffer.from(delivery.body);
    const sent = performance.now();
    const res = await request(
      agent,
      input.port,
      'POST',
      delivery.path,
      { ...delivery.headers, 'content-type': 'application/json', 'content-length': body.length },
      body,
    ).catch(() => null);
    const outcome = res?.status === 200 ? (JSON.parse(res.body) as { outcome: string }).outcome : `http ${res?.status ?? 'failed'}`;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (res?.status === 200) latencies.push(performance.now() - sent);
  });
  agent.destroy();
  return { health, intake: { ...timing(latencies, (performance.now() - started) / 1000), notStarted }, outcomes };
}

if (!isMainThread && (workerData as Partial<ClientInput> | null)?.webhookIntakeClient) {
  runClient(workerData as ClientInput).then(
    (output) => parentPort!.postMessage(output),
    (error: unknown) => {
      throw error;
    },
  );
}
