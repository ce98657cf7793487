import type { Db } from '../platform/database.ts';
import { insertByColumns } from '../platform/bulk-insert.ts';
import { newId } from '../platform/ids.ts';
import type { Role } from './accounts.tables.ts';
import { DECOY_HASH } from './password.ts';

export interface AccountWithoutPassword {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgUnitCode: string;
  scopePath: string;
  provinceCode: string;
  createdAt: string;
}

/**
 * Accounts written by the hundred with one role each (the demo province's sellers), in two
 * statements. No password opens them: they hold the decoy hash, which no password derives, so a
 * log-in attempt takes the usual time and fails; an administrator gives one a password to use it.
 */
export async function insertAccountsWithoutPassword(db: Db, accounts: readonly AccountWithoutPassword[]): Promise<void> {
  await insertByColumns(
    db,
    'account',
    { id: 'uuid', username: 'text', display_name: 'text', password_hash: 'text', must_change_password: 'bool', created_at: 'timestamptz' },
    accounts.map((a) => ({
      id: a.id,
      username: a.username,
      display_name: a.displayName,
      password_hash: DECOY_HASH,
      must_change_password: true,
      created_at: a.createdAt,
    })),
  );
  await insertByColumns(
    db,
    'role_assignment',
    { id: 'uuid', account_id: 'uuid', role: 'text', org_unit_code: 'text', scope_path: 'ltree', province_code: 'text', created_at: 'timestamptz' },
    accounts.map((a) => ({
      id: newId(),
      account_id: a.id,
      role: a.role,
      org_unit_code: a.orgUnitCode,
      scope_path: a.scopePath,
      province_code: a.provinceCode,
      created_at: a.createdAt,
    })),
  );
}
