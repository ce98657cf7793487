import { InsertQueryNode, RawNode, TableNode, type KyselyPlugin, type OperationNode, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import type { Db } from '../platform/database.ts';
import { pushMutations } from './push-mutations.ts';
import { MAX_MUTATIONS_PER_PUSH, type MutationResult } from './sync.schema.ts';
import {
  actorOf,
  addHouseholds,
  baseSurvey,
  closeTestApp,
  count,
  daysAgo,
  DEVICE,
  push,
  pushOk,
  trainingMutation,
  updateMutation,
  visitMutation,
} from '../../testing/sync-test-kit.ts';

describe.each(testEngines())('sync push on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let member: TestSession;
  let other: TestSession;
  let nhatHoa: TestSession;
  let households: string[];
  let langDongHousehold: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    other = await t.signIn({ username: 'member2.hd', displayName: 'Tổ viên 2 Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    nhatHoa = await t.signIn({ username: 'member.ld', displayName: 'Tổ viên Lăng Đồng', role: 'team_member', orgUnitCode: langDong });
    households = await addHouseholds(t, member, hinDam, ['Hộ 001', 'Hộ 002', 'Hộ 003']);
    langDongHousehold = (await addHouseholds(t, nhatHoa, langDong, ['Hộ 101']))[0]!;
  });
  afterAll(() => closeTestApp(t));

  it('applies a batch once: the same batch again is all duplicate, with the same records, and writes nothing', async () => {
    const batch = [
      visitMutation(households[0]!),
      visitMutation(households[1]!),
      trainingMutation(hinDam),
      visitMutation(households[2]!),
      trainingMutation(hinDam),
    ];
    const before = { visits: await count(t, 'support_visit'), trainings: await count(t, 'training'), mutations: await count(t, 'sync_mutation') };
    const first = await pushOk(t, member, batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(first.map((r) => r.id)).toEqual(batch.map((m) => m.id));
    const version = (await t.as(member, 'GET', `/api/households/${households[0]}`)).json().version;
    expect(first[0]!.record).toEqual({ id: (batch[0]!.payload as { id: string }).id, version });

    const second = await pushOk(t, member, batch);
    expect(second.map((r) => [r.status, r.originalStatus])).toEqual(batch.map(() => ['duplicate', 'applied']));
    expect(second.map((r) => r.record)).toEqual(first.map((r) => r.record));
    expect(await count(t, 'support_visit')).toBe(before.visits + 3);
    expect(await count(t, 'training')).toBe(before.trainings + 2);
    expect(await count(t, 'sync_mutation')).toBe(before.mutations + 5);
    expect((await t.as(member, 'GET', `/api/households/${households[0]}`)).json().version).toBe(version);
  });

  it('answers every item of a batch with one bad item, and applies the others', async () => {
    const good = [visitMutation(households[0]!, { activities: [{ code: 'ehealth', people: 1 }] }), trainingMutation(hinDam, { topic: 'scam_awareness' })];
    const badRule = visitMutation(households[1]!, { activities: [{ code: 'knitting', people: 1 }] });
    const badShape = visitMutation(households[1]!, { residentsGuided: 'many' });
    const unknownKind = { ...trainingMutation(hinDam), kind: 'harvest.record' };
    const malformedId = { ...trainingMutation(hinDam), id: 'mutation-7' };
    const notAnObject = 42;
    const future = visitMutation(households[2]!, { visitedOn: daysAgo(-3) });
    const batch = [good[0], badRule, malformedId, badShape, unknownKind, notAnObject, future, good[1]];
    const before = await count(t, 'sync_mutation');

    const results = await pushOk(t, member, batch);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'visit.unknown_activity'],
      ['rejected', 'sync.malformed_id'],
      ['rejected', 'sync.invalid_payload'],
      ['rejected', 'sync.unknown_kind'],
      ['rejected', 'sync.malformed_id'],
      ['rejected', 'visit.visit_in_future'],
      ['applied', undefined],
    ]);
    expect(results[2]!.id).toBe('mutation-7');
    expect(results[3]!.error).toMatchObject({ field: 'payload.residentsGuided' });
    expect(results[6]!.error).toMatchObject({ field: 'visitedOn' });
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.error!.message.vi.length).toBeGreaterThan(10);
      expect(r.error!.message.en.length).toBeGreaterThan(10);
    }
    // Refusals with an id are kept for a person to see; the two without one cannot be.
    expect(await count(t, 'sync_mutation')).toBe(before + 6);
    const stored = await t.handle.db
      .selectFrom('sync_mutation')
      .select(['id', 'status', 'kind'])
      .where('id', 'in', [badRule.id, badShape.id, unknownKind.id, future.id])
      .orderBy('kind')
      .execute();
    expect(stored.map((s) => [s.kind, s.status])).toEqual([
      ['harvest.record', 'rejected'],
      ['visit.record', 'rejected'],
      ['visit.record', 'rejected'],
      ['visit.record', 'rejected'],
    ]);
    expect(
      await t.handle.db
        .selectFrom('support_visit')
        .select('id')
        .where('id', '=', (good[0]!.payload as { id: string }).id)
        .execute(),
    ).toHaveLength(1);
    expect(
      await t.handle.db
        .selectFrom('support_visit')
        .select('id')
        .where('id', '=', (future.payload as { id: string }).id)
        .execute(),
    ).toEqual([]);

    // A replay of a refused one: the stored outcome, said to be a duplicate.
    const again = await pushOk(t, member, [badRule]);
    expect(again[0]).toMatchObject({ status: 'duplicate', originalStatus: 'rejected', error: { code: 'visit.unknown_activity' } });
  });

  it('refuses a visit to a household that does not exist and trainings of 0, 10,000 or miscounted attendees, in both languages, and applies the rest', async () => {
    const attendees = (total: number, female: number, male: number) => ({
      total,
      female,
      male,
      byAge: { under15: 0, from15to29: 0, from30to59: total, from60: 0 },
    });
    const good = visitMutation(households[0]!);
    const noHousehold = visitMutation(newId());
    const nobody = trainingMutation(hinDam, { attendees: attendees(0, 0, 0) });
    const crowd = trainingMutation(hinDam, { attendees: attendees(10_000, 5_000, 5_000) });
    const miscounted = trainingMutation(hinDam, { attendees: attendees(12, 5, 4) });
    const alsoGood = trainingMutation(hinDam);
    const results = await pushOk(t, member, [noHousehold, good, nobody, crowd, miscounted, alsoGood]);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'household.not_found'],
      ['applied', undefined],
      ['rejected', 'training.no_attendees'],
      ['rejected', 'training.too_many_attendees'],
      ['rejected', 'training.sexes_do_not_add_up'],
      ['applied', undefined],
    ]);
    expect(results[4]!.error!.message).toEqual({ vi: 'Nữ (5) + nam (4) phải bằng tổng số (12).', en: 'Women (5) + men (4) must equal the total (12).' });
    for (const r of results.filter((r) => r.status === 'rejected')) expect(r.error!.message.vi).not.toEqual(r.error!.message.en);
    const trainingIds = [nobody, crowd, miscounted, alsoGood].map((m) => (m.payload as { id: string }).id);
    expect((await t.handle.db.selectFrom('training').select('id').where('id', 'in', trainingIds).execute()).map((r) => r.id)).toEqual([trainingIds[3]]);
    expect(
      await t.handle.db
        .selectFrom('support_visit')
        .select('id')
        .where('household_id', '=', (noHousehold.payload as { householdId: string }).householdId)
        .execute(),
    ).toEqual([]);
  });

  it('refuses an id already used by another account or for another kind, without touching the stored one', async () => {
    const visit = visitMutation(households[0]!);
    expect((await pushOk(t, member, [visit]))[0]!.status).toBe('applied');
    const stolen = await pushOk(t, other, [visit]);
    expect(stolen[0]).toMatchObject({ status: 'rejected', error: { code: 'sync.id_reused' } });
    const otherKind = await pushOk(t, member, [{ ...trainingMutation(hinDam), id: visit.id }]);
    expect(otherKind[0]).toMatchObject({ status: 'rejected', error: { code: 'sync.id_reused' } });
    const row = await t.handle.db.selectFrom('sync_mutation').selectAll().where('id', '=', visit.id).executeTakeFirstOrThrow();
    expect([row.kind, row.status]).toEqual(['visit.record', 'applied']);
  });

  it('refuses text the database cannot hold up front, as the phone’s, not as a server fault', async () => {
    const nul = visitMutation(households[0]!, { note: 'ghi chú\u0000' });
    const results = await pushOk(t, member, [nul]);
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'sync.unstorable_text' } });
    expect(await t.handle.db.selectFrom('sync_mutation').select('id').where('id', '=', nul.id).execute()).toEqual([]);
  });

  it('refuses a visit to a household of another commune as forbidden, audits the attempt, and files it under the member’s own village', async () => {
    const visit = visitMutation(langDongHousehold);
    const results = await pushOk(t, member, [visit]);
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'auth.forbidden' } });
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('outcome', '=', 'denied')
      .where('actor_name', '=', 'member.hd')
      .where('entity_id', '=', langDongHousehold)
      .execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]!.org_unit_code).toBe(langDong);
    const stored = await t.handle.db.selectFrom('sync_mutation').selectAll().where('id', '=', visit.id).executeTakeFirstOrThrow();
    expect([stored.status, stored.village_code]).toEqual(['rejected', hinDam]);
    expect(await t.handle.db.selectFrom('support_visit').select('id').where('household_id', '=', langDongHousehold).execute()).toEqual([]);
  });

  it('refuses more than the batch limit with 400 before any work, even 100,000 items', async () => {
    const before = { mutations: await count(t, 'sync_mutation'), devices: await count(t, 'sync_device') };
    const device = newId();
    const tooMany = Array.from({ length: MAX_MUTATIONS_PER_PUSH + 1 }, () => visitMutation(households[0]!));
    const res = await push(t, member, tooMany, device);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'sync.batch_too_large', field: 'mutations' });
    expect(res.json().error.message.vi).toContain(String(MAX_MUTATIONS_PER_PUSH));
    // 100,000 real mutations weigh several megabytes and meet the byte limit first (below); empty
    // items fit in 1 MB and reach the count.
    const huge = await push(
      t,
      member,
      Array.from({ length: 100_000 }, () => ({})),
      device,
    );
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toBe('sync.batch_too_large');
    expect(await count(t, 'sync_mutation')).toBe(before.mutations);
    expect(await count(t, 'sync_device')).toBe(before.devices);
  });

  it('refuses a body over the byte limit with 413 in the API’s error shape, in both languages', async () => {
    const before = await count(t, 'sync_mutation');
    const tenMegabytes = [visitMutation(households[0]!, { note: 'x'.repeat(10 * 1024 * 1024) })];
    const res = await push(t, member, tenMegabytes);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'http.body_too_large',
      message: { vi: expect.stringMatching(/quá lớn/), en: expect.stringMatching(/too large/) },
    });
    const realistic = await push(
      t,
      member,
      Array.from({ length: 100_000 }, () => visitMutation(households[0]!)),
    );
    expect(realistic.statusCode).toBe(413);
    expect(await count(t, 'sync_mutation')).toBe(before);
  });

  it('needs a session, the CSRF token, and the right to record field work', async () => {
    const body = { deviceId: DEVICE, mutations: [visitMutation(households[0]!)] };
    expect((await t.app.inject({ method: 'POST', url: '/api/sync/push', payload: body })).statusCode).toBe(401);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie: member.cookie }, payload: body });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('auth.csrf');
    const operator = await t.signIn({ username: 'viettel.ls', displayName: 'Nhà mạng', role: 'telecom_operator', orgUnitCode: '20' });
    const refused = await push(t, operator, body.mutations);
    expect(refused.statusCode).toBe(403);
    expect(await t.handle.db.selectFrom('sync_mutation').select('id').where('id', '=', body.mutations[0]!.id).execute()).toEqual([]);
  });

  it('answers a push without a session 401 before looking at the body, whatever it holds', async () => {
    for (const payload of [
      { nonsense: 1 },
      { deviceId: 'x', mutations: 'none' },
      { deviceId: DEVICE, mutations: Array.from({ length: MAX_MUTATIONS_PER_PUSH + 1 }, () => ({})) },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.required');
    }
  });

  it('records the device, its account, village and app version', async () => {
    const device = newId();
    await pushOk(t, member, [trainingMutation(hinDam)], device);
    const row = await t.handle.db.selectFrom('sync_device').selectAll().where('id', '=', device).executeTakeFirstOrThrow();
    expect([row.village_code, row.app_version]).toEqual([hinDam, '1.0.0']);
  });

  it("applies a batch's visits to one household in order, each answered its own version, and the visits after a register edit build on it", async () => {
    const [h] = await addHouseholds(t, member, hinDam, ['Hộ 050'], baseSurvey({ surveyedOn: daysAgo(40), vneidUsers: 0 }));
    const visit = (day: number, code: string, people: number) => visitMutation(h!, { visitedOn: daysAgo(day), activities: [{ code, people }] });
    const edit = baseSurvey({ surveyedOn: daysAgo(5), vneidUsers: 3 });
    const batch = [visit(10, 'vneid_level1', 1), visit(20, 'ehealth', 2), updateMutation(h!, 3, edit), visit(1, 'ehealth', 1)];
    const results = await pushOk(t, member, batch);
    expect(results.map((r) => [r.status, r.record?.version])).toEqual([
      ['applied', 2],
      ['applied', 3],
      ['applied', 4],
      ['applied', 5],
    ]);
    // The second visit, dated before the first, adds to the survey the first moved to its own day.
    const surveys = await t.handle.db
      .selectFrom('household_survey')
      .select(['surveyed_on', 'vneid_users', 'ehealth_users'])
      .where('household_id', '=', h!)
      .orderBy('surveyed_on')
      .execute();
    expect(surveys.map((s) => [s.surveyed_on, s.vneid_users, s.ehealth_users])).toEqual([
      [daysAgo(40), 0, 0],
      [daysAgo(10), 1, 2],
      [daysAgo(5), 3, 0],
      [daysAgo(1), 3, 1],
    ]);
    expect((await t.as(member, 'GET', `/api/households/${h}`)).json()).toMatchObject({
      version: 5,
      latest: { surveyedOn: daysAgo(1), vneidUsers: 3, ehealthUsers: 1 },
    });
  });

  /*
   * What a storm's push costs the database in round trips: a phone's backlog of 50 items (40 visits
   * over its village's 20 households, 10 trainings), as the sync-storm bench sends it. Every
   * statement is a round trip between the one server process and the database, which is what a
   * storm waits on (BENCHMARKS.md); the bound keeps a change from quietly adding one per item again
   * (decision 0042).
   */
  it('applies a push of 50 visits and trainings in a few dozen statements, not a few per item', async () => {
    const counter = statementCounter();
    const db = t.handle.db.withPlugin(counter.plugin);
    const actor = await actorOf(t, member);
    const village = await addHouseholds(
      t,
      member,
      hinDam,
      Array.from({ length: 20 }, (_, i) => `Hộ ${i + 201}`),
    );
    const mutations = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 4
        ? trainingMutation(hinDam, { heldOn: daysAgo(1 + (i % 30)) })
        : visitMutation(village[i % village.length]!, { visitedOn: daysAgo(1 + (i % 30)), activities: [{ code: 'vneid_level1', people: 1 }] }),
    );
    const logFault = (error: unknown) => {
      throw error;
    };
    const { results } = await pushMutations(db, actor, { deviceId: newId(), mutations }, { logFault });
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
    // 27 when written (decision 0042): 13 of the push's own, whatever its size, and 14 of the
    // indicator refresh at its end; 331 before, 7 a visit and 3 a training.
    const statements = counter.count();
    expect(statements, `${statements} statements`).toBeLessThanOrEqual(32);
  });

  it('stops at a server fault with 503: nothing of the batch is recorded, and the batch sent again completes', async () => {
    const actor = await actorOf(t, member);
    const batch = [visitMutation(households[0]!), visitMutation(households[1]!), trainingMutation(hinDam)];
    const before = { visits: await count(t, 'support_visit'), audited: await count(t, 'audit_entry') };
    const faults: unknown[] = [];
    await expect(
      pushMutations(failOnInsertInto(t.handle.db, 'training'), actor, { deviceId: DEVICE, mutations: batch }, { logFault: (e, id) => faults.push(id) }),
    ).rejects.toMatchObject({
      status: 503,
      code: 'sync.try_later',
    });
    // The fault came as the batch's rows were written together: it is no one item's.
    expect(faults).toEqual(['']);
    // The batch is one transaction: the two visits applied before the fault went with it.
    const recorded = await t.handle.db
      .selectFrom('sync_mutation')
      .select('id')
      .where(
        'id',
        'in',
        batch.map((m) => m.id),
      )
      .execute();
    expect(recorded).toEqual([]);
    expect({ visits: await count(t, 'support_visit'), audited: await count(t, 'audit_entry') }).toEqual(before);

    const results: MutationResult[] = await pushOk(t, member, batch);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });
});

/** The database, except that an insert into `table`, built or written as SQL, fails as a lost connection would. */
function failOnInsertInto(db: Db, table: string): Db {
  const nameOf = (node: OperationNode | undefined): string | undefined => {
    if (node && TableNode.is(node)) return node.table.identifier.name;
    // `sql.table(name)` is a raw piece around the table's node.
    return node && RawNode.is(node) ? nameOf(node.parameters[0]) : undefined;
  };
  const into = (node: RootOperationNode): string | undefined => {
    if (InsertQueryNode.is(node)) return nameOf(node.into);
    return RawNode.is(node) && /^\s*insert into\s*$/.test(node.sqlFragments[0] ?? '') ? nameOf(node.parameters[0]) : undefined;
  };
  return db.withPlugin({
    transformQuery(args) {
      if (into(args.node) === table) throw new Error('Connection terminated unexpectedly');
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
}

/**
 * Counts the statements that reach the database through a Kysely instance, once each as its answer
 * comes back (raw SQL too; a transaction's own begin and commit are the driver's and are not counted).
 */
function statementCounter(): { plugin: KyselyPlugin; count(): number } {
  let statements = 0;
  return {
    plugin: {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements++;
        return args.result;
      },
    },
    count: () => statements,
  };
}
