import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../platform/dates.ts';
import { createJobRunner } from '../jobs/index.ts';
import { refreshDataValues } from '../indicators/index.ts';
import { newId } from '../platform/ids.ts';
import { testEngines } from '../../testing/test-database.ts';
import { csvFile } from '../../testing/test-files.ts';
import { countRows, startDeliveryWorld, type DeliveryWorld } from '../../testing/delivery-test-kit.ts';
import { PLAN_DAY_JOB, planDayJob, runDayPlan } from './index.ts';

const HEADER = ['Mã vận đơn', 'Người nhận', 'Số điện thoại', 'Mã thôn/bản', 'Tiền thu hộ', 'Khối lượng (gam)', 'Giao từ', 'Giao đến'];

describe.each(testEngines())('planning a carrier’s day on %s', (engine) => {
  let w: DeliveryWorld;
  let noPoint: string;
  const day = todayInVietnam();
  beforeAll(async () => {
    w = await startDeliveryWorld(engine);
    noPoint = await w.t.addVillage('06625', 20, 'Khuổi Khe');
    const villages = Object.values(w.villages);
    const rows = Array.from({ length: 24 }, (_, i) => [
      `BE${String(i).padStart(3, '0')}`,
      `Người nhận ${i}`,
      `09123456${String(i).padStart(2, '0')}`,
      villages[i % villages.length]!,
      i % 10 === 0 ? '180000' : '0',
      '1200',
      '',
      '',
    ]);
    rows.push(['BE-NOPOINT', 'Lương Văn Khe', '0912000001', noPoint, '0', '500', '', '']);
    rows.push(['BE-DAWN', 'Chu Thị Sớm', '0912000002', w.villages.hinDam, '0', '500', '05:00', '06:00']);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/delivery/manifests?carrier=${w.best}`,
      headers: { cookie: w.dispatcher.cookie, 'x-csrf-token': w.dispatcher.csrfToken, 'content-type': 'text/csv' },
      payload: csvFile([HEADER, ...rows], 'utf-8'),
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  }, 180_000);
  afterAll(() => w?.t.close());

  it('queues the plan as a job, then stores each courier’s ordered route and the parcels left out with their reason', async () => {
    const asked = await w.t.as(w.dispatcher, 'POST', '/api/delivery/plans', { carrier: w.best, day });
    expect(asked.statusCode).toBe(202);
    const latest = () => w.t.as(w.dispatcher, 'GET', `/api/delivery/plans/latest?carrier=${w.best}&day=${day}`).then((r) => r.json().plan);
    expect(await latest()).toMatchObject({ id: asked.json().planId, state: 'queued', routes: [] });

    const runner = createJobRunner({ provinceCode: '20' });
    runner.registerJobHandler(PLAN_DAY_JOB, planDayJob);
    expect(await runner.runDueJobs(w.t.handle.db)).toBe(1);

    const plan = await latest();
    expect(plan.state).toBe('done');
    expect(plan.routes).toHaveLength(1);
    const [route] = plan.routes;
    expect(route.courier).toEqual({ id: w.courierId, name: 'Hoàng Văn Tú' });
    expect(route.stops).toHaveLength(24);
    expect(route.stops.map((s: { arrivesAt: string }) => s.arrivesAt)).toEqual([...route.stops.map((s: { arrivesAt: string }) => s.arrivesAt)].sort());
    expect(route.distanceKm).toBeGreaterThan(20);
    expect(plan.unassigned.map((u: { code: string }) => u.code).sort()).toEqual(['delivery.no_delivery_point', 'routing.window_unreachable']);
    const states = await w.t.handle.db
      .selectFrom('parcel')
      .select(['state'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('state')
      .orderBy('state')
      .execute();
    expect(states.map((s) => [s.state, Number(s.n)])).toEqual([
      ['planned', 24],
      ['received', 2],
    ]);

    // Run again (a retry after a crash), the finished plan is left as it is.
    await runDayPlan(w.t.handle.db, plan.id, '20');
    expect(await countRows(w.t, 'courier_route')).toBe(1);
  });

  it('lets only the carrier’s dispatchers plan its day', async () => {
    expect((await w.t.as(w.dispatcher, 'POST', '/api/delivery/plans', { carrier: w.viettel, day })).statusCode).toBe(403);
    expect((await w.t.as(w.courier, 'POST', '/api/delivery/plans', { carrier: w.best, day })).statusCode).toBe(403);
    expect((await w.t.as(w.courier, 'GET', `/api/delivery/plans/latest?carrier=${w.best}&day=${day}`)).statusCode).toBe(403);
  });

  it('feeds the indicators: parcels delivered, first-attempt success, the cashless share of COD value, km per parcel, by commune and month', async () => {
    const { db } = w.t.handle;
    const planned = await db
      .selectFrom('parcel')
      .select(['id', 'tracking_code', 'village_code', 'cod_amount'])
      .where('state', '=', 'planned')
      .orderBy('tracking_code')
      .execute();
    const at = new Date();
    const events = planned.flatMap((p) => [
      ...(p.tracking_code === 'BE001'
        ? [
            {
              id: newId(),
              parcel_id: p.id,
              kind: 'failed' as const,
              failure_reason: 'not_home' as const,
              village_code: p.village_code,
              occurred_at: new Date(at.getTime() - 60_000),
            },
          ]
        : []),
      {
        id: newId(),
        parcel_id: p.id,
        kind: 'delivered' as const,
        payment: Number(p.cod_amount) === 0 ? null : p.tracking_code === 'BE000' ? ('cash' as const) : ('transfer' as const),
        cod_collected: Number(p.cod_amount),
        village_code: p.village_code,
        occurred_at: at,
      },
    ]);
    await db.insertInto('delivery_event').values(events).execute();
    const year = Number(day.slice(0, 4));
    await refreshDataValues(db, { leafLevel: 'village', leaves: Object.values(w.villages), years: [year] });
    const month = day.slice(0, 4) + day.slice(5, 7);
    const res = await w.t.as(
      w.admin,
      'GET',
      `/api/indicator-values?indicator=DLV_PARCELS,DLV_FIRST_ATTEMPT,DLV_CASHLESS,DLV_KM_PER_PARCEL&orgUnit=20&period=${month}`,
    );
    const cells = Object.fromEntries(res.json().cells.map((c: { indicator: string; value: number }) => [c.indicator, c.value]));
    expect(cells).toMatchObject({ DLV_PARCELS: 24, DLV_FIRST_ATTEMPT: 95.8, DLV_CASHLESS: 66.7 });
    expect(cells.DLV_KM_PER_PARCEL).toBeGreaterThan(0.5);
    const communes = await w.t.as(w.admin, 'GET', `/api/indicator-values?indicator=DLV_PARCELS&orgUnit=20&level=2&period=${month}`);
    const byCommune = Object.fromEntries(
      communes
        .json()
        .cells.filter((c: { value: number | null }) => c.value !== null)
        .map((c: { orgUnit: string; value: number }) => [c.orgUnit, c.value]),
    );
    expect(byCommune).toEqual({ '06613': 6, '06625': 12, '06637': 6 });
  });
});
