import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSession } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-database.ts';
import { newId } from '../platform/ids.ts';
import { pushMutations } from './push-mutations.ts';
import { actorOf, addHouseholds, closeTestApp, daysAgo, trainingMutation, visitMutation } from '../../testing/sync-test-kit.ts';

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

/*
 * What a storm's push costs the database in round trips: a phone's backlog of 50 items (40 visits
 * over its village's 20 households, 10 trainings), as the sync-storm bench sends it. Every
 * statement is a round trip between the one server process and the database, which is what a
 * storm waits on (BENCHMARKS.md); the bound keeps a change from quietly adding one per item again
 * (decision 0042).
 */
describe.each(testEngines())('statements of a sync push on %s', (engine) => {
  let t: TestApp;
  let village: string;
  let member: TestSession;
  let households: string[];

  beforeAll(async () => {
    t = await startTestApp(engine);
    village = await t.addVillage('06625', 1, 'Hin Đăm');
    member = await t.signIn({ username: 'member.hd', displayName: 'Tổ viên Hin Đăm', role: 'team_member', orgUnitCode: village });
    households = await addHouseholds(
      t,
      member,
      village,
      Array.from({ length: 20 }, (_, i) => `Hộ ${String(i + 1).padStart(3, '0')}`),
    );
  });
  afterAll(() => closeTestApp(t));

  it('applies a push of 50 visits and trainings in a few dozen statements, not a few per item', async () => {
    const counter = statementCounter();
    const db = t.handle.db.withPlugin(counter.plugin);
    const actor = await actorOf(t, member);
    const mutations = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 4
        ? trainingMutation(village, { heldOn: daysAgo(1 + (i % 30)) })
        : visitMutation(households[i % households.length]!, { visitedOn: daysAgo(1 + (i % 30)), activities: [{ code: 'vneid_level1', people: 1 }] }),
    );
    const logFault = (error: unknown) => {
      throw error;
    };
    const { results } = await pushMutations(db, actor, { deviceId: newId(), mutations }, { logFault });
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
    // 28 when written (decision 0042): 14 of the push's own, whatever its size, and 14 of the
    // indicator refresh at its end; 331 before, 7 a visit and 3 a training.
    const statements = counter.count();
    expect(statements, `${statements} statements`).toBeLessThanOrEqual(32);
  });
});
