import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db, DatabaseHandle } from './database.ts';
import { badRequest } from './errors.ts';
import { openTestDatabase, testEngines } from '../../testing/test-database.ts';
import { defineWorkflow, inTransaction, runWorkflow, type Step } from './workflow.ts';

/** Steps that write down what they did, so the order of work and undoing can be read back. */
function recordingStep(name: string, log: string[], options: { fails?: boolean; undo?: boolean } = {}): Step<string, null, string> {
  return {
    name,
    invoke: async (input) => {
      if (options.fails) throw badRequest('test.refused', { vi: 'Bị từ chối', en: 'Refused' });
      log.push(`do ${name}(${input})`);
      return `${name}-done`;
    },
    ...(options.undo !== false && { compensate: async (output: string) => void log.push(`undo ${name} from ${output}`) }),
  };
}

describe('workflow', () => {
  it('runs every step in order when none fails', async () => {
    const log: string[] = [];
    await runWorkflow(null, defineWorkflow('order', [recordingStep('a', log), recordingStep('b', log)]), 'x');
    expect(log).toEqual(['do a(x)', 'do b(x)']);
  });

  it('undoes the steps already done, newest first, and rethrows the original error unchanged', async () => {
    const log: string[] = [];
    const steps = [
      recordingStep('a', log),
      recordingStep('b', log, { undo: false }),
      recordingStep('c', log),
      recordingStep('d', log, { fails: true }),
      recordingStep('e', log),
    ];
    const failure = await runWorkflow(null, defineWorkflow('order', steps), 'x').catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, code: 'test.refused', text: { vi: 'Bị từ chối', en: 'Refused' } });
    expect(log).toEqual(['do a(x)', 'do b(x)', 'do c(x)', 'undo c from c-done', 'undo a from a-done']);
  });

  it('keeps undoing when one compensation fails, and reports that one', async () => {
    const log: string[] = [];
    const broken: Step<string, null, void> = { name: 'broken', invoke: async () => {}, compensate: async () => Promise.reject(new Error('refund refused')) };
    const reported: string[] = [];
    const workflow = defineWorkflow('order', [recordingStep('a', log), broken, recordingStep('c', log, { fails: true })]);
    await expect(runWorkflow(null, workflow, 'x', ({ workflow: w, step }) => reported.push(`${w}/${step}`))).rejects.toMatchObject({ code: 'test.refused' });
    expect(log).toEqual(['do a(x)', 'undo a from a-done']);
    expect(reported).toEqual(['order/broken']);
  });

  it('refuses two steps of one name', () => {
    expect(() => defineWorkflow('order', [recordingStep('a', []), recordingStep('a', [])])).toThrow(/two steps named a/);
  });
});

describe.each(testEngines())('workflow steps in the database on %s', (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(engine);
    await sql`create table parcel_step (name text primary key)`.execute(handle.db);
  });
  afterAll(() => handle?.close());

  const written = async () => (await sql<{ name: string }>`select name from parcel_step order by name`.execute(handle.db)).rows.map((r) => r.name);
  /** A write, and (unless a shared transaction undoes it) the delete that undoes it. */
  const insertStep = (name: string, undo = true): Step<null, Db, string> => ({
    name,
    invoke: async (_input, db) => {
      await sql`insert into parcel_step (name) values (${name})`.execute(db);
      return name;
    },
    ...(undo && { compensate: async (row: string, _input: null, db: Db) => void (await sql`delete from parcel_step where name = ${row}`.execute(db)) }),
  });
  const failingStep: Step<null, Db> = { name: 'step-3', invoke: () => Promise.reject(new Error('the carrier refused the parcel')) };

  it('undoes steps 1 and 2, each committed on its own, when step 3 fails', async () => {
    const workflow = defineWorkflow('ship', [inTransaction(insertStep('step-1')), inTransaction(insertStep('step-2')), inTransaction(failingStep)]);
    await expect(runWorkflow(handle.db, workflow, null)).rejects.toThrow('the carrier refused the parcel');
    expect(await written()).toEqual([]);
  });

  it('rolls back steps 1 and 2 sharing one transaction, and compensates the outside effect', async () => {
    const sent: string[] = [];
    const notify: Step<null, Db, string> = {
      name: 'notify',
      invoke: async () => {
        sent.push('sms');
        return 'sms';
      },
      compensate: async (message) => void sent.splice(sent.indexOf(message), 1),
    };
    const workflow = defineWorkflow('ship', [insertStep('step-1', false), insertStep('step-2', false), notify, failingStep]);
    await expect(handle.db.transaction().execute((tx) => runWorkflow(tx, workflow, null))).rejects.toThrow('the carrier refused the parcel');
    expect(await written()).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('keeps what every step did when none fails', async () => {
    await runWorkflow(handle.db, defineWorkflow('ship', [inTransaction(insertStep('step-1')), inTransaction(insertStep('step-2'))]), null);
    expect(await written()).toEqual(['step-1', 'step-2']);
  });
});
