import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as indicators from './migrations/0002-indicators.ts';
import * as teams from './migrations/0003-teams.ts';
import * as sortKey from './migrations/0004-org-unit-sort-key.ts';
import * as readVersions from './migrations/0005-read-versions.ts';
import * as validationViolations from './migrations/0006-validation-violations.ts';

/** Migrations are listed here, in order, rather than discovered on disk: the list is the history. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-indicators': indicators,
  '0003-teams': teams,
  '0004-org-unit-sort-key': sortKey,
  '0005-read-versions': readVersions,
  '0006-validation-violations': validationViolations,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
