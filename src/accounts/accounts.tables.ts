/** The tables accounts owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';

export type Role =
  | 'province_admin'
  | 'commune_officer'
  | 'team_member'
  | 'telecom_operator'
  | 'seller'
  | 'courier'
  | 'dispatcher'
  | 'pickup_keeper'
  | 'national_officer'
  | 'national_admin';

/** The roles scoped to the nation's root, and only there (migration 0022). */
export const NATIONAL_ROLES: readonly Role[] = ['national_officer', 'national_admin'];

export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Defaulted<boolean>;
  created_at: Timestamp;
  disabled_at: Date | null;
  last_login_at: Date | null;
}

export interface RoleAssignmentTable {
  id: string;
  account_id: string;
  role: Role;
  /** None for a national role: the nation's root is no unit (migration 0022). */
  org_unit_code: string | null;
  scope_path: string;
  province_code: string;
  /** A courier's or a dispatcher's carrier: the assignment reaches that carrier's parcels only (decision 0025). */
  carrier_id: Defaulted<string | null>;
  created_at: Timestamp;
}

export interface SessionTable {
  /** What the account pages name a session by: never the token or its hash. */
  id: string;
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  /** A short summary ("Chrome · Android"), never the raw header. */
  user_agent: string | null;
}

declare module '../platform/schema.ts' {
  interface Database {
    account: AccountTable;
    role_assignment: RoleAssignmentTable;
    session: SessionTable;
  }
}
