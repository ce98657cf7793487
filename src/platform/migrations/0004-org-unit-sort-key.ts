import { sql, type Kysely } from 'kysely';
import { vietnameseSortKey } from '../sort-key.rules.ts';

/** Children and lists sort in Vietnamese order (Bắc Sơn before Bình Gia) on every engine. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table org_unit add column sort_key text`.execute(db);
  const { rows } = await sql<{ code: string; name: string }>`select code, name from org_unit`.execute(db);
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await sql`
      update org_unit set sort_key = k.sort_key
      from unnest(${chunk.map((r) => r.code)}::text[], ${chunk.map((r) => vietnameseSortKey(r.name))}::text[]) as k(code, sort_key)
      where org_unit.code = k.code`.execute(db);
  }
  await sql`alter table org_unit alter column sort_key set not null`.execute(db);
  await sql`drop index org_unit_parent_idx`.execute(db);
  await sql`create index org_unit_parent_idx on org_unit (parent_code, sort_key collate "C")`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index org_unit_parent_idx`.execute(db);
  await sql`create index org_unit_parent_idx on org_unit (parent_code, name)`.execute(db);
  await sql`alter table org_unit drop column sort_key`.execute(db);
}
