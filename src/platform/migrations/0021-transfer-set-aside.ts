import { sql, type Kysely } from 'kysely';

/**
 * A transfer the payee says pays for nothing she sells (a relative's gift, a refund from a
 * supplier) leaves her queue as `set_aside`: kept, since it is her money, but no longer waiting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bank_transfer drop constraint bank_transfer_state_check`.execute(db);
  await sql`alter table bank_transfer add constraint bank_transfer_state_check check (state in ('new', 'matched', 'unmatched', 'set_aside'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update bank_transfer set state = 'unmatched' where state = 'set_aside'`.execute(db);
  await sql`alter table bank_transfer drop constraint bank_transfer_state_check`.execute(db);
  await sql`alter table bank_transfer add constraint bank_transfer_state_check check (state in ('new', 'matched', 'unmatched'))`.execute(db);
}
