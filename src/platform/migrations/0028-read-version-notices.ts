import { sql, type Kysely } from 'kysely';

/**
 * A moved read-version counter is announced at its commit (NOTIFY), where a session asks for it
 * (docs/decisions/0054): the embedded engine's one session, whose process keeps the counters in
 * memory instead of reading them before every cached answer. A server's pooled sessions do not
 * ask: NOTIFY takes a lock at every commit that announces, which would queue the writers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function announce_read_version() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('banso.announce_read_versions', true), '') = 'on' then
        perform pg_notify('banso_read_version', new.name || ' ' || new.version);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger read_version_announced after insert or update on read_version
    for each row execute function announce_read_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists read_version_announced on read_version`.execute(db);
  await sql`drop function if exists announce_read_version()`.execute(db);
}
