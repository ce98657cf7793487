import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { postPush, startFaultyProxy } from '../../testing/faulty-proxy.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import { findLatestSurvey } from '../households/index.ts';
import type { MutationResult } from './sync.schema.ts';
import { addHouseholds, baseSurvey, closeTestApp, count, type Mutation, trainingMutation, visitMutation } from '../../testing/sync-test-kit.ts';
import { createRandom } from '../platform/seeded-random.ts';

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
    households = await addHouseholds(
      t,
      member,
      village,
      Array.from({ length: 10 }, (_, i) => `Hộ ${String(i + 1).padStart(3, '0')}`),
      roomy,
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => closeTestApp(t));

  it('applies each of 200 mutations exactly once, however the connections fail, when the phone retries until answered', async () => {
    const draws = createRandom(20_251_125, 'sync-faults');
    const random = () => draws.next();
    const proxy = await startFaultyProxy((t.app.server.address() as AddressInfo).port, random);
    const mutations: Mutation[] = Array.from({ length: 200 }, (_, i) =>
      i % 4 === 3 ? trainingMutation(village) : visitMutation(households[i % households.length]!),
    );
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
