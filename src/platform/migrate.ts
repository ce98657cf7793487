import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as indicators from './migrations/0002-indicators.ts';
import * as teams from './migrations/0003-teams.ts';
import * as sortKey from './migrations/0004-org-unit-sort-key.ts';
import * as readVersions from './migrations/0005-read-versions.ts';
import * as validationViolations from './migrations/0006-validation-violations.ts';
import * as coverageReadVersion from './migrations/0007-coverage-read-version.ts';
import * as accountAdministration from './migrations/0008-account-administration.ts';
import * as outboxAndJobs from './migrations/0009-outbox-and-jobs.ts';
import * as marketAndOrders from './migrations/0010-market-and-orders.ts';
import * as paymentsBankFeeds from './migrations/0011-payments-bank-feeds.ts';
import * as delivery from './migrations/0013-delivery.ts';
import * as nationalFederation from './migrations/0014-national-federation.ts';
import * as accountsSessionId from './migrations/0015-accounts-session-id.ts';
import * as coverageVillageState from './migrations/0017-coverage-village-state.ts';
import * as courierSync from './migrations/0018-courier-sync.ts';
import * as deliveryCashAndPickup from './migrations/0019-delivery-cash-and-pickup.ts';
import * as transferSetAside from './migrations/0021-transfer-set-aside.ts';
import * as nationalRoles from './migrations/0022-national-roles.ts';
import * as pickupPointCashHandover from './migrations/0025-pickup-point-cash-handover.ts';
import * as commitTimeIndicatorWork from './migrations/0026-commit-time-indicator-work.ts';
import * as leafRulesAfterCommit from './migrations/0027-leaf-rules-after-commit.ts';
import * as readVersionNotices from './migrations/0028-read-version-notices.ts';
import * as shopIncomeReadVersion from './migrations/0029-shop-income-read-version.ts';
import * as lockLeavesAndReadValues from './migrations/0030-lock-leaves-and-read-values.ts';

/** Migrations are listed here, in order, rather than discovered on disk: the list is the history. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-indicators': indicators,
  '0003-teams': teams,
  '0004-org-unit-sort-key': sortKey,
  '0005-read-versions': readVersions,
  '0006-validation-violations': validationViolations,
  '0007-coverage-read-version': coverageReadVersion,
  '0008-account-administration': accountAdministration,
  '0009-outbox-and-jobs': outboxAndJobs,
  '0010-market-and-orders': marketAndOrders,
  '0011-payments-bank-feeds': paymentsBankFeeds,
  '0013-delivery': delivery,
  '0014-national-federation': nationalFederation,
  '0015-accounts-session-id': accountsSessionId,
  '0017-coverage-village-state': coverageVillageState,
  '0018-courier-sync': courierSync,
  '0019-delivery-cash-and-pickup': deliveryCashAndPickup,
  '0021-transfer-set-aside': transferSetAside,
  '0022-national-roles': nationalRoles,
  '0025-pickup-point-cash-handover': pickupPointCashHandover,
  '0026-commit-time-indicator-work': commitTimeIndicatorWork,
  '0027-leaf-rules-after-commit': leafRulesAfterCommit,
  '0028-read-version-notices': readVersionNotices,
  '0029-shop-income-read-version': shopIncomeReadVersion,
  '0030-lock-leaves-and-read-values': lockLeavesAndReadValues,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The migrator of this list; also how the tests undo every migration. */
export const migrator = (db: Db) => new Migrator({ db, provider, migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock' });

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** How many migrations the database has, and which it still needs (none of either: a new database). */
export async function migrationState(db: Db): Promise<{ applied: number; pending: string[] }> {
  const migrations = await migrator(db).getMigrations();
  return {
    applied: migrations.filter((m) => m.executedAt).length,
    pending: migrations.filter((m) => !m.executedAt).map((m) => m.name),
  };
}
