import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../platform/test-app.ts';
import { testEngines } from '../platform/test-database.ts';
import { newId } from '../platform/ids.ts';
import { findLatestSurvey } from '../households/household.repository.ts';
import type { MutationResult } from './sync.schema.ts';
import { addHouseholds, baseSurvey, closeTestApp, count, type Mutation, trainingMutation, visitMutation } from './sync-test-kit.ts';

/** A small, seeded generator (mulberry32): the same seed, the same faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Fate = 'pass' | 'cut-request' | 'cut-response' | 'abandon';

/**
 * A TCP proxy in front of the app that, connection by connection and at random, lets it through,
 * cuts it partway through the request (the server never gets the whole batch), partway through
 * the response (the server applied the batch, the phone never hears it), or abandons it once the
 * request is on its way (the phone gives up and retries while the server is still at work).
 */
async function startFaultyProxy(target: number, random: () => number): Promise<{ port: number; fates: Record<Fate, number>; close(): Promise<void> }> {
  const fates: Record<Fate, number> = { pass: 0, 'cut-request': 0, 'cut-response': 0, abandon: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const roll = random();
    const fate: Fate = roll < 0.4 ? 'pass' : roll < 0.6 ? 'cut-request' : roll < 0.8 ? 'cut-response' : 'abandon';
    fates[fate]++;
    const upLimit = Math.floor(random() * 6000);
    const downLimit = Math.floor(random() * 1500);
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    let up = 0;
    let down = 0;
    client.on('data', (chunk: Buffer) => {
      if (fate === 'cut-request' && up + chunk.length >= upLimit) {
        upstream.write(chunk.subarray(0, Math.max(0, upLimit - up)), cut);
        return;
      }
      up += chunk.length;
      upstream.write(chunk);
      // The whole request is usually one or two chunks on loopback: give up right after it.
      if (fate === 'abandon') setImmediate(() => client.destroy());
    });
    upstream.on('data', (chunk: Buffer) => {
      if (client.destroyed) return;
      if (fate === 'cut-response' && down + chunk.length >= downLimit) {
        client.write(chunk.subarray(0, Math.max(0, downLimit - down)), cut);
        return;
      }
      down += chunk.length;
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    // An abandoned request keeps its way to the server open: the server finishes its work.
    client.on('close', () => {
      if (fate !== 'abandon') upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    fates,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One push over a fresh connection; rejects on any network fault. */
function postPush(port: number, session: TestSession, body: unknown): Promise<{ status: number; json: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/sync/push',
        agent: false,
        timeout: 60_000,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, cookie: session.cookie, 'x-csrf-token': session.csrfToken, connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

describe.each(testEngines())('sync push through a connection that fails at random on %s', (engine) => {
  let t: TestApp;
  let village: string;
  let member: TestSession;
  let households: string[];

  beforeAll(async () => {
    t = await startTestApp(engine);
    village = await t.addVillage('06625', 1, 'Hin Đăm');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: village });
    // Room for every visit's VNeID activation: a count applied twice would show.
    const roomy = baseSurvey({ members: 60, adults: 60, smartphoneOwners: 60, epayAdults: 0, vneidUsers: 0 });
    households = await addHouseholds(t, member, village, Array.from({ length: 10 }, (_, i) => `Hộ ${String(i + 1).padStart(3, '0')}`), roomy);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => closeTestApp(t));

  it('applies each of 200 mutations exactly once, however the connections fail, when the phone retries until answered', async () => {
    const random = seeded(20_251_125);
    const proxy = await startFaultyProxy((t.app.server.address() as AddressInfo).port, random);
    const mutations: Mutation[] = Array.from({ length: 200 }, (_, i) => (i % 4 === 3 ? trainingMutation(village) : visitMutation(households[i % households.length]!)));
    const visits = mutations.filter((m) => m.kind === 'visit.record');
    const answers = new Map<string, MutationResult>();
    let attempts = 0;
    const device = newId();
    try {
      for (let start = 0; start < mutations.length; start += 20) {
        const batch = mutations.slice(start, start + 20);
        for (;;) {
          attempts++;
          expect(attempts, 'the phone gave up').toBeLessThan(1000);
          const res = await postPush(proxy.port, member, { deviceId: device, mutations: batch }).catch(() => null);
          if (!res) continue;
          expect(res.status, JSON.stringify(res.json)).toBe(200);
          for (const result of (res.json as { results: MutationResult[] }).results) answers.set(result.id, result);
          break;
        }
      }
    } finally {
      await proxy.close();
    }

    // The faults happened, of every kind.
    for (const fate of ['cut-request', 'cut-response', 'abandon'] as const) expect(proxy.fates[fate], fate).toBeGreaterThan(0);
    expect(attempts).toBeGreaterThan(mutations.length / 20);
    // Every mutation has an answer, and none was refused.
    expect(mutations.filter((m) => !answers.has(m.id))).toEqual([]);
    expect([...answers.values()].filter((r) => r.status !== 'applied' && r.status !== 'duplicate')).toEqual([]);
    // Some batches were applied but their answer lost: sent again, they were answered as duplicates.
    expect([...answers.values()].some((r) => r.status === 'duplicate')).toBe(true);
    // Each written once: rows, log, audit, and the counts visits add to.
    expect(await count(t, 'support_visit')).toBe(visits.length);
    expect(await count(t, 'training')).toBe(mutations.length - visits.length);
    const log = await t.handle.db.selectFrom('sync_mutation').select(['id', 'status']).execute();
    expect(log.length).toBe(200);
    expect(log.every((m) => m.status === 'applied')).toBe(true);
    const audited = await t.handle.db.selectFrom('audit_entry').select('entity_id').where('action', 'in', ['visit:record', 'training:record']).execute();
    expect(audited.length).toBe(200);
    expect(new Set(audited.map((a) => a.entity_id)).size).toBe(200);
    for (const id of households) {
      const latest = (await findLatestSurvey(t.handle.db, id))!;
      expect(latest.vneidUsers, id).toBe(visits.filter((v) => (v.payload as { householdId: string }).householdId === id).length);
    }
  });
});
