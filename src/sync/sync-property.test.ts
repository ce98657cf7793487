import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import { FIRST_YEAR, refreshDataValues, yearsFrom } from '../indicators/index.ts';
import { SURVEY_COLUMNS } from '../households/index.ts';
import {
  addHouseholds,
  baseSurvey,
  closeTestApp,
  daysAgo,
  type Mutation,
  pushOk,
  registerMutation,
  trainingMutation,
  updateMutation,
  visitMutation,
} from '../../testing/sync-test-kit.ts';

const SURVEYED_ON = daysAgo(40);
/** Every visit of a batch on one day: see the note on the property below. */
const VISIT_DAY = daysAgo(2);

const work = fc.oneof(
  fc.record({
    kind: fc.constant('visit' as const),
    household: fc.nat(2),
    activity: fc.constantFrom('vneid_level1', 'vneid_level2', 'ehealth', 'banking_app', 'epay_account', 'scam_awareness'),
    people: fc.integer({ min: 1, max: 3 }),
    guided: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('training' as const),
    topic: fc.constantFrom('vneid', 'ehealth', 'online_public_services', 'digital_skills'),
    total: fc.integer({ min: 1, max: 40 }),
    daysBack: fc.integer({ min: 1, max: 60 }),
  }),
  // Edits of the register, on households the batch's visits never touch (see the note on the property).
  fc.record({ kind: fc.constant('update' as const), household: fc.constantFrom(3, 4), smartphones: fc.integer({ min: 0, max: 5 }), fibre: fc.boolean() }),
  fc.record({ kind: fc.constant('register' as const), members: fc.integer({ min: 1, max: 9 }) }),
);

type Work = typeof work extends fc.Arbitrary<infer W> ? W : never;

/** One edit per household in a batch: two edits from the same version conflict, and which one wins is the order's. */
const oneEditPerHousehold = (batch: readonly Work[]): Work[] =>
  batch.filter((w, i) => w.kind !== 'update' || batch.findIndex((o) => o.kind === 'update' && o.household === w.household) === i);

/**
 * A batch, and a messy way of delivering it: pushes of any of its items, repeated, reordered,
 * some sent at the same time as the next, and finally one push of all of them in some order
 * (a phone keeps resending until every item is answered).
 */
const scenario = fc
  .array(work, { minLength: 1, maxLength: 8 })
  .map(oneEditPerHousehold)
  .chain((batch) =>
    fc.record({
      batch: fc.constant(batch),
      pushes: fc.array(fc.record({ items: fc.array(fc.nat(batch.length - 1), { minLength: 1, maxLength: 12 }), together: fc.boolean() }), { maxLength: 5 }),
      last: fc.shuffledSubarray([...batch.keys()], { minLength: batch.length, maxLength: batch.length }),
    }),
  );

describe.each(testEngines())('sync push converges on %s', (engine) => {
  let t: TestApp;
  let village: string;
  let member: TestSession;
  let households: string[];

  beforeAll(async () => {
    t = await startTestApp(engine);
    village = await t.addVillage('06625', 1, 'Hin Đăm');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: village });
    // Room for every count a batch can add, so no cap hides an item applied twice.
    const roomy = baseSurvey({
      surveyedOn: SURVEYED_ON,
      members: 60,
      adults: 60,
      smartphoneOwners: 60,
      epayAdults: 0,
      vneidUsers: 0,
      ehealthUsers: 0,
      bankingUsers: 0,
    });
    households = await addHouseholds(t, member, village, ['Hộ 001', 'Hộ 002', 'Hộ 003', 'Hộ 004', 'Hộ 005'], roomy);
  });
  afterAll(() => closeTestApp(t));

  /** Back to the state before any field work: the same database for every run. */
  async function reset(): Promise<void> {
    const { db } = t.handle;
    for (const table of ['sync_mutation', 'sync_device', 'support_visit', 'training'] as const) await db.deleteFrom(table).execute();
    await db
      .deleteFrom('household_survey')
      .where((eb) => eb.or([eb('surveyed_on', '<>', SURVEYED_ON), eb('household_id', 'not in', households)]))
      .execute();
    await db.deleteFrom('household').where('id', 'not in', households).execute();
    await db.updateTable('household').set({ version: 1 }).execute();
    await refreshDataValues(db, { leafLevel: 'village', leaves: [village], years: yearsFrom(FIRST_YEAR) });
  }

  /** Everything field work can change, without what differs by nature (times, transaction ids). */
  async function state() {
    const { db } = t.handle;
    return {
      visits: await db
        .selectFrom('support_visit')
        .select([
          'id',
          'household_id',
          'visited_on',
          'vneid_level1',
          'vneid_level2',
          'ehealth',
          'banking_app',
          'epay_account',
          'scam_awareness',
          'residents_guided',
          'other',
        ])
        .orderBy('id')
        .execute(),
      trainings: await db
        .selectFrom('training')
        .select(['id', 'village_code', 'held_on', 'topic', 'attendees', 'attendees_female', 'attendees_male'])
        .orderBy('id')
        .execute(),
      households: await db.selectFrom('household').select(['id', 'version', 'label']).orderBy('id').execute(),
      surveys: await db
        .selectFrom('household_survey')
        .select(['household_id', ...SURVEY_COLUMNS])
        .orderBy('household_id')
        .orderBy('surveyed_on')
        .execute(),
      values: await db
        .selectFrom('data_value')
        .select(['data_element', 'period', 'org_unit_code', 'value', 'leaves'])
        .orderBy('data_element')
        .orderBy('period')
        .orderBy('org_unit_code')
        .execute(),
      log: await db.selectFrom('sync_mutation').select(['id', 'kind', 'status']).orderBy('id').execute(),
    };
  }

  // Edits of the register are the one kind of change whose outcome can depend on order: an edit
  // made from version 1 after a visit moved the household to version 2 is a conflict, before it
  // is applied. So edits go to households no visit touches, one each; registrations and everything
  // else commute.
  // Visits of one batch share a day. Visits of different days reach the same counts in any order
  // (surveyAfterVisit adds to the latest survey), but the dated surveys they leave on the way differ
  // (day 2 then day 5 leaves two; day 5 then day 2 leaves one), and this property compares rows.
  it('leaves the same rows, surveys and indicator values as one clean push, however a batch of visits, trainings, registrations and register edits is replayed, reordered and duplicated', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ batch, pushes, last }) => {
        const mutations: Mutation[] = batch.map((w, i) => {
          switch (w.kind) {
            case 'visit':
              return visitMutation(households[w.household]!, {
                visitedOn: VISIT_DAY,
                activities: [{ code: w.activity, people: w.people }],
                residentsGuided: w.guided,
              });
            case 'training':
              return trainingMutation(village, {
                topic: w.topic,
                heldOn: daysAgo(w.daysBack),
                attendees: { total: w.total, female: w.total, male: 0, byAge: { under15: 0, from15to29: w.total, from30to59: 0, from60: 0 } },
              });
            case 'update':
              return updateMutation(
                households[w.household]!,
                1,
                baseSurvey({
                  surveyedOn: VISIT_DAY,
                  members: 6,
                  adults: 5,
                  smartphoneOwners: w.smartphones,
                  epayAdults: 0,
                  vneidUsers: 0,
                  ehealthUsers: 0,
                  bankingUsers: 0,
                  homeFtth: w.fibre,
                }),
              );
            case 'register':
              return registerMutation(
                village,
                `Hộ mới ${i + 1}`,
                baseSurvey({
                  surveyedOn: VISIT_DAY,
                  members: w.members,
                  adults: 1,
                  smartphoneOwners: 1,
                  epayAdults: 0,
                  vneidUsers: 0,
                  ehealthUsers: 0,
                  bankingUsers: 0,
                }),
              );
          }
        });
        await reset();
        const clean = await pushOk(t, member, mutations);
        expect(clean.every((r) => r.status === 'applied')).toBe(true);
        const expected = await state();

        await reset();
        const device = newId();
        const send = async (indexes: readonly number[]) => {
          const results = await pushOk(
            t,
            member,
            indexes.map((i) => mutations[i]!),
            device,
          );
          expect(results.filter((r) => r.status !== 'applied' && r.status !== 'duplicate')).toEqual([]);
        };
        for (let i = 0; i < pushes.length; i++) {
          const together = [pushes[i]!];
          while (pushes[i]!.together && i + 1 < pushes.length) together.push(pushes[++i]!);
          await Promise.all(together.map((p) => send(p.items)));
        }
        await send(last);
        expect(await state()).toEqual(expected);
      }),
      { numRuns: 20, seed: 4_2025 },
    );
  });
});
