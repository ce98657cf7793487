import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import type { AttentionItem } from './sync.schema.ts';
import { addHouseholds, baseSurvey, closeTestApp, daysAgo, pull, pushOk, updateMutation, visitMutation } from '../../testing/sync-test-kit.ts';

describe.each(testEngines())('needs attention and resolutions on %s', (engine) => {
  let t: TestApp;
  let hinDam: string;
  let langDong: string;
  let phone1: TestSession;
  let phone2: TestSession;
  let officer: TestSession;
  let farOfficer: TestSession;
  let households: string[];
  const device1 = newId();
  const device2 = newId();

  const attention = async (session: TestSession, orgUnit: string): Promise<AttentionItem[]> => {
    const res = await t.as(session, 'GET', `/api/sync/needs-attention?orgUnit=${orgUnit}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const resolve = (session: TestSession, id: string, resolution: string) => t.as(session, 'POST', `/api/sync/mutations/${id}/resolve`, { resolution });

  beforeAll(async () => {
    t = await startTestApp(engine);
    hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    langDong = await t.addVillage('06376', 1, 'Lăng Đồng');
    phone1 = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    phone2 = await t.signIn({ username: 'member2.hd', displayName: 'Tổ viên 2 Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    farOfficer = await t.signIn({ username: 'officer.nh', displayName: 'Cán bộ Nhất Hòa', role: 'commune_officer', orgUnitCode: '06376' });
    households = await addHouseholds(t, phone1, hinDam, ['Hộ 001', 'Hộ 002', 'Hộ 003']);
  });
  afterAll(() => closeTestApp(t));

  it('two phones edit the same household: the second gets a conflict with the server’s version, and the officer applies the phone’s', async () => {
    const id = households[0]!;
    const { version } = (await pull(t, phone1)).households.find((h) => h.id === id)!;
    const fromPhone1 = baseSurvey({ surveyedOn: daysAgo(1), homeFtth: true });
    const fromPhone2 = baseSurvey({ surveyedOn: daysAgo(1), bankingUsers: 3 });
    const first = await pushOk(t, phone1, [updateMutation(id, version, fromPhone1)], device1);
    expect(first[0]).toMatchObject({ status: 'applied', record: { id, version: version + 1 } });
    const second = updateMutation(id, version, fromPhone2);
    const [conflict] = await pushOk(t, phone2, [second], device2);
    expect(conflict).toMatchObject({ status: 'conflict', error: { code: 'household.version_conflict' }, server: { version: version + 1, latest: fromPhone1 } });

    const [listed] = await attention(officer, '06625');
    expect(listed).toMatchObject({
      id: second.id,
      status: 'conflict',
      kind: 'household.update',
      payload: second.payload,
      server: { version: version + 1, latest: fromPhone1 },
      account: { username: 'member2.hd', displayName: 'Tổ viên 2 Hin Đăm' },
      deviceId: device2,
      villageCode: hinDam,
      villageName: 'Hin Đăm',
      householdLabel: 'Hộ 001',
    });
    expect(await attention(farOfficer, '06376')).toEqual([]);
    expect((await t.as(farOfficer, 'GET', '/api/sync/needs-attention?orgUnit=06625')).statusCode).toBe(403);
    expect((await pull(t, phone2)).attention.map((a) => a.id)).toEqual([second.id]);

    expect((await resolve(phone2, second.id, 'applied_phone')).statusCode).toBe(403);
    expect((await resolve(farOfficer, second.id, 'applied_phone')).statusCode).toBe(403);
    const resolved = await resolve(officer, second.id, 'applied_phone');
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ id: second.id, status: 'conflict', resolution: 'applied_phone', record: { id, version: version + 2 } });
    const household = (await t.as(officer, 'GET', `/api/households/${id}`)).json();
    expect([household.version, household.latest]).toEqual([version + 2, fromPhone2]);

    expect(await attention(officer, '06625')).toEqual([]);
    expect((await pull(t, phone2)).attention).toEqual([]);
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'sync:resolve')
      .where('entity_id', '=', second.id)
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit.map((a) => [a.actor_name, a.outcome])).toEqual([['officer.km', 'ok']]);
    expect(audit[0]!.after).toMatchObject({ resolution: 'applied_phone' });
    const denied = await t.handle.db.selectFrom('audit_entry').selectAll().where('outcome', '=', 'denied').where('entity_id', '=', second.id).execute();
    expect(denied.map((a) => a.actor_name).sort()).toEqual(['member2.hd', 'officer.nh']);

    expect((await resolve(officer, second.id, 'kept_server')).json().error.code).toBe('sync.already_resolved');
    const [replayed] = await pushOk(t, phone2, [second], device2);
    expect(replayed).toMatchObject({ status: 'duplicate', originalStatus: 'conflict', resolution: 'applied_phone' });
  });

  it('lets an officer keep the server’s version: nothing changes but the mutation leaves the list', async () => {
    const id = households[1]!;
    const seen = (await t.as(officer, 'GET', `/api/households/${id}`)).json().version;
    await pushOk(t, phone2, [updateMutation(id, seen, baseSurvey({ surveyedOn: daysAgo(2), homeFtth: true }))]);
    const before = (await t.as(officer, 'GET', `/api/households/${id}`)).json();
    const stale = updateMutation(id, seen, baseSurvey({ surveyedOn: daysAgo(1), members: 7 }));
    expect((await pushOk(t, phone1, [stale]))[0]!.status).toBe('conflict');
    // A refusal names the household too, read from the register, for the officer to find it.
    const refused = visitMutation(id, { activities: [{ code: 'ehealth', people: 9 }] });
    expect((await pushOk(t, phone1, [refused]))[0]!.status).toBe('rejected');
    const listed = await attention(officer, '06625');
    expect(listed.find((a) => a.id === refused.id)).toMatchObject({ status: 'rejected', server: null, householdLabel: 'Hộ 002' });
    expect((await resolve(officer, refused.id, 'kept_server')).statusCode).toBe(200);
    const res = await resolve(officer, stale.id, 'kept_server');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().resolution).toBe('kept_server');
    expect((await t.as(officer, 'GET', `/api/households/${id}`)).json()).toEqual(before);
    expect((await attention(officer, hinDam)).map((a) => a.id)).not.toContain(stale.id);
  });

  it('settles a rejected mutation as fixed_by_phone when its corrected copy lands, or when its own account drops it', async () => {
    const wrong = visitMutation(households[2]!, { activities: [{ code: 'ehealth', people: 9 }] });
    expect((await pushOk(t, phone1, [wrong]))[0]).toMatchObject({ status: 'rejected', error: { code: 'visit.people_exceed_members' } });
    const corrected = { ...visitMutation(households[2]!, { activities: [{ code: 'ehealth', people: 2 }] }), supersedes: wrong.id };
    expect((await pushOk(t, phone1, [corrected]))[0]!.status).toBe('applied');
    const row = await t.handle.db.selectFrom('sync_mutation').selectAll().where('id', '=', wrong.id).executeTakeFirstOrThrow();
    expect([row.resolution, row.resolved_by !== null]).toEqual(['fixed_by_phone', true]);

    const dropped = visitMutation(households[2]!, { activities: [] });
    await pushOk(t, phone1, [dropped]);
    // Only the account that sent it may drop it, and a supersedes naming another's does nothing.
    expect((await resolve(phone2, dropped.id, 'fixed_by_phone')).statusCode).toBe(403);
    await pushOk(t, phone2, [{ ...visitMutation(households[2]!), supersedes: dropped.id }]);
    expect((await attention(officer, hinDam)).map((a) => a.id)).toEqual([dropped.id]);
    const res = await resolve(phone1, dropped.id, 'fixed_by_phone');
    expect(res.statusCode, res.body).toBe(200);
    expect(await attention(officer, hinDam)).toEqual([]);
    const audit = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'outcome'])
      .where('action', '=', 'sync:resolve')
      .where('entity_id', 'in', [wrong.id, dropped.id])
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { actor_name: 'member.hd', outcome: 'ok' },
      { actor_name: 'member2.hd', outcome: 'denied' },
      { actor_name: 'member.hd', outcome: 'ok' },
    ]);
  });

  it('settles a refusal whose correction comes in the same batch, and answers an id sent twice in a batch as its duplicate', async () => {
    const wrong = visitMutation(households[2]!, { activities: [{ code: 'ehealth', people: 9 }] });
    const corrected = { ...visitMutation(households[2]!, { activities: [{ code: 'ehealth', people: 1 }] }), supersedes: wrong.id };
    const results = await pushOk(t, phone1, [wrong, corrected, corrected]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'applied', 'duplicate']);
    expect(results[2]).toMatchObject({ originalStatus: 'applied', record: results[1]!.record });
    const rows = await t.handle.db
      .selectFrom('sync_mutation')
      .select(['id', 'status', 'resolution'])
      .where('id', 'in', [wrong.id, corrected.id])
      .orderBy('status')
      .execute();
    expect(rows).toEqual([
      { id: corrected.id, status: 'applied', resolution: null },
      { id: wrong.id, status: 'rejected', resolution: 'fixed_by_phone' },
    ]);
    const visitId = (corrected.payload as { id: string }).id;
    const audited = await t.handle.db
      .selectFrom('audit_entry')
      .select(['action', 'entity_id'])
      .where('entity_id', 'in', [visitId, wrong.id])
      .orderBy('action')
      .execute();
    expect(audited).toEqual([
      { action: 'sync:resolve', entity_id: wrong.id },
      { action: 'visit:record', entity_id: visitId },
    ]);
  });

  it('refuses to apply a phone’s visit over the server, to resolve an applied mutation, or an unknown one', async () => {
    const rejected = visitMutation(households[2]!, { visitedOn: daysAgo(-1) });
    await pushOk(t, phone1, [rejected]);
    expect((await resolve(officer, rejected.id, 'applied_phone')).json().error.code).toBe('sync.cannot_apply_phone');
    const applied = visitMutation(households[2]!);
    await pushOk(t, phone1, [applied]);
    expect((await resolve(officer, applied.id, 'kept_server')).json().error.code).toBe('sync.nothing_to_resolve');
    const unknown = await resolve(officer, newId(), 'kept_server');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'sync.mutation_not_found']);
    expect((await resolve(officer, 'not-an-id', 'kept_server')).statusCode).toBe(404);
    expect((await t.as(officer, 'POST', `/api/sync/mutations/${rejected.id}/resolve`, { resolution: 'deleted' })).statusCode).toBe(400);
  });

  it('lists a subtree’s devices by last sync, and those silent for a number of days', async () => {
    const res = await t.as(officer, 'GET', '/api/sync/devices?orgUnit=06625');
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining([device1, device2]));
    expect(res.json().items[0]).toMatchObject({ villageCode: hinDam, villageName: 'Hin Đăm', daysSinceSync: 0, appVersion: '1.0.0' });
    expect((await t.as(officer, 'GET', '/api/sync/devices?orgUnit=06625&staleDays=1')).json()).toEqual({ total: 0, items: [] });
    expect((await t.as(farOfficer, 'GET', '/api/sync/devices?orgUnit=06376')).json().total).toBe(0);
    expect((await t.as(farOfficer, 'GET', '/api/sync/devices?orgUnit=06625')).statusCode).toBe(403);
    expect((await t.as(officer, 'GET', `/api/sync/devices?orgUnit=${langDong}`)).statusCode).toBe(403);
  });
});
