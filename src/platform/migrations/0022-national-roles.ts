import { sql, type Kysely } from 'kysely';

const ROLES_BEFORE = `'province_admin', 'commune_officer', 'team_member', 'telecom_operator', 'seller', 'courier', 'dispatcher', 'pickup_keeper'`;

/**
 * The nation's own roles (issue 15): a national officer reads every province's national figures, a
 * national administrator also manages the links and the nation's accounts. Their assignment is
 * scoped to the nation's root, which is no unit of the territory (each province is the root of its
 * subtree): no unit code, the empty path (the ltree ancestor of every path), and no other role
 * there. A national grant is held once per account and role.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql
    .raw(`alter table role_assignment add constraint role_assignment_role_check check (role in (${ROLES_BEFORE}, 'national_officer', 'national_admin'))`)
    .execute(db);
  await sql`alter table role_assignment alter column org_unit_code drop not null`.execute(db);
  await sql`
    alter table role_assignment add constraint role_assignment_nation_check
      check ((org_unit_code is null) = (role in ('national_officer', 'national_admin')) and (org_unit_code is not null or scope_path = ''))`.execute(db);
  await sql`create unique index role_assignment_national_idx on role_assignment (account_id, role) where org_unit_code is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from role_assignment where org_unit_code is null`.execute(db);
  await sql`drop index role_assignment_national_idx`.execute(db);
  await sql`alter table role_assignment drop constraint role_assignment_nation_check`.execute(db);
  await sql`alter table role_assignment alter column org_unit_code set not null`.execute(db);
  await sql`alter table role_assignment drop constraint role_assignment_role_check`.execute(db);
  await sql.raw(`alter table role_assignment add constraint role_assignment_role_check check (role in (${ROLES_BEFORE}))`).execute(db);
}
