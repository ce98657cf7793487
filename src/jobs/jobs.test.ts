import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { createJobRunner, enqueueJob } from './index.ts';

describe.each(testEngines())('the jobs API on %s', (engine) => {
  let t: TestApp;
  let admin: TestSession;
  let officer: TestSession;
  let member: TestSession;
  let failedId: string;
  let doneId: string;
  let queuedId: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    const hinDam = await t.addVillage('06625', 1, 'Hin Đăm');
    admin = await t.signIn({ username: 'admin.ls', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: '20' });
    officer = await t.signIn({ username: 'officer.km', displayName: 'Cán bộ Kiên Mộc', role: 'commune_officer', orgUnitCode: '06625' });
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: hinDam });
    const { db } = t.handle;
    const runner = createJobRunner({ provinceCode: '20' });
    runner.registerJobHandler('call-provider', async () => Promise.reject(new Error('provider down')));
    runner.registerJobHandler('send-reminder', async () => {});
    failedId = (await enqueueJob(db, { name: 'call-provider', provinceCode: '20', maxAttempts: 1 })).id;
    doneId = (await enqueueJob(db, { name: 'send-reminder', provinceCode: '20' })).id;
    await runner.runDueJobs(db);
    queuedId = (await enqueueJob(db, { name: 'send-reminder', provinceCode: '20', runAt: new Date(Date.now() + 3_600_000) })).id;
  });
  afterAll(() => t?.close());

  it('shows an administrator the jobs to watch, with attempts, last error and next attempt', async () => {
    const res = await t.as(admin, 'GET', '/api/jobs');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((j: { id: string }) => j.id).sort()).toEqual([failedId, queuedId].sort());
    expect(body.items.find((j: { id: string }) => j.id === failedId)).toMatchObject({
      name: 'call-provider',
      state: 'failed',
      attempts: 1,
      maxAttempts: 1,
      lastError: 'provider down',
      nextAttemptAt: null,
    });
    expect(body.items.find((j: { id: string }) => j.id === queuedId).nextAttemptAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const done = await t.as(admin, 'GET', '/api/jobs?state=done');
    expect(done.json()).toMatchObject({ total: 1, items: [{ id: doneId, state: 'done' }] });
  });

  it('refuses other roles (audited) and anonymous callers', async () => {
    for (const session of [officer, member]) {
      const res = await t.as(session, 'GET', '/api/jobs');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
      expect((await t.as(session, 'POST', `/api/jobs/${failedId}/retry`)).statusCode).toBe(403);
    }
    const denied = await t.handle.db
      .selectFrom('audit_entry')
      .select(['actor_name', 'action'])
      .where('outcome', '=', 'denied')
      .where('entity', '=', 'job')
      .execute();
    expect(denied).toHaveLength(4);
    expect(denied.every((d) => d.action === 'job:manage')).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode).toBe(401);
    expect((await t.as(officer, 'GET', '/api/jobs?state=lost')).statusCode).toBe(400);
  });

  it('runs a failed job again with all its attempts, and audits it', async () => {
    const res = await t.as(admin, 'POST', `/api/jobs/${failedId}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: failedId, state: 'queued', attempts: 0, lastError: 'provider down' });
    const entry = await t.handle.db.selectFrom('audit_entry').selectAll().where('action', '=', 'job:retry').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_name: 'admin.ls',
      entity: 'job',
      entity_id: failedId,
      outcome: 'ok',
      before: { state: 'failed', attempts: 1 },
      after: { state: 'queued', attempts: 0 },
    });
  });

  it('answers a done job with a conflict, an unknown one with not found, a malformed id with a bad request', async () => {
    const done = await t.as(admin, 'POST', `/api/jobs/${doneId}/retry`);
    expect(done.statusCode).toBe(409);
    expect(done.json().error).toMatchObject({ code: 'job.not_retryable', message: { vi: expect.any(String), en: expect.stringContaining('done') } });
    const unknown = await t.as(admin, 'POST', '/api/jobs/0190f3a4-7b2c-7d3e-8f40-123456789abc/retry');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('job.not_found');
    expect((await t.as(admin, 'POST', '/api/jobs/not-an-id/retry')).statusCode).toBe(400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/jobs', '/api/jobs/{id}/retry']));
  });
});
