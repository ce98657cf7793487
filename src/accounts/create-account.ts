import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import { NATIONAL_ROLES, type Role } from './accounts.tables.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgUnit, NATION } from '../territory/index.ts';
import type { Actor } from './access.policy.ts';
import { countAdministrators, findAccounts, insertAccount, insertRoleAssignment, isUsernameTaken } from './account.repository.ts';
import type { CreatedAccount } from './account-admin.schema.ts';
import { presentAccounts } from './list-accounts.ts';
import { username as usernameSchema } from './account.schema.ts';
import { authorizeGrant, type ScopedUnit } from './authorize.ts';
import { ROLE_NAMES } from './account.rules.ts';
import { generatePassword, hashPassword } from './password.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  orgUnitCode: string;
  /** More units of the same role (a courier's other communes). */
  alsoAt?: readonly string[] | undefined;
  /** A courier's or a dispatcher's carrier (decision 0025). */
  carrierId?: string | undefined;
  /** Left out, a one-time password is generated and must be changed at first log-in. */
  password?: string | undefined;
  /**
   * What the caller's module keeps of the new account (a courier's hub and capacity), written in
   * the account's own transaction by that module's writer: both or neither.
   */
  alsoWrite?: ((tx: Db, accountId: string) => Promise<void>) | undefined;
}

export const unknownUnit = (code: string) =>
  badRequest('account.unknown_unit', { vi: `Không có đơn vị mã ${code}.`, en: `There is no unit with code ${code}.` }, 'orgUnitCode');

/**
 * The unit a role is to be held at: a national role at the nation's root and nowhere else, any
 * other role at a unit of the territory (never the nation's root).
 */
export async function findGrantUnit(db: Db, role: Role, orgUnitCode: string): Promise<ScopedUnit> {
  const national = NATIONAL_ROLES.includes(role);
  if (national !== (orgUnitCode === NATION.code)) {
    const name = ROLE_NAMES[role];
    throw badRequest(
      national ? 'account.national_role_at_nation' : 'account.role_not_at_nation',
      national
        ? {
            vi: `Vai trò ${name.vi} chỉ gán ở cấp quốc gia (mã ${NATION.code}).`,
            en: `The role of ${name.en} is held at the nation (code ${NATION.code}) only.`,
          }
        : {
            vi: `Vai trò ${name.vi} gán ở một đơn vị của tỉnh, không ở cấp quốc gia.`,
            en: `The role of ${name.en} is held at a unit of a province, not at the nation.`,
          },
      'orgUnitCode',
    );
  }
  if (national) return NATION;
  const unit = await findOrgUnit(db, orgUnitCode);
  if (!unit) throw unknownUnit(orgUnitCode);
  return unit;
}

/**
 * Creates an account with one role scoped to a unit's subtree; returns the password to hand over.
 * `createdBy` is the administrator at work, or what made it without one (first start, the demo, the command line).
 */
export async function createAccount(db: Db, input: NewAccount, createdBy: Actor | string | null = null): Promise<{ id: string; password: string }> {
  const parsed = usernameSchema.safeParse(input.username);
  if (!parsed.success) {
    throw badRequest(
      'account.invalid_username',
      { vi: 'Tên đăng nhập chỉ gồm 3–40 chữ cái a–z, chữ số, dấu chấm, gạch.', en: 'A username is 3–40 letters a–z, digits, dots, dashes or underscores.' },
      'username',
    );
  }
  const username = parsed.data;
  if (input.password !== undefined && input.password.length < 10) {
    throw badRequest('account.password_too_short', { vi: 'Mật khẩu cần ít nhất 10 ký tự.', en: 'A password needs at least 10 characters.' }, 'password');
  }
  const unit = await findGrantUnit(db, input.role, input.orgUnitCode);
  const units = [unit];
  for (const code of input.alsoAt ?? []) units.push(await findGrantUnit(db, input.role, code));
  if (await isUsernameTaken(db, username)) {
    throw conflict('account.username_taken', { vi: `Tên đăng nhập ${username} đã có.`, en: `The username ${username} is taken.` }, 'username');
  }
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const id = await db.transaction().execute(async (tx) => {
    const accountId = await insertAccount(tx, { username, displayName: input.displayName, passwordHash, mustChangePassword: input.password === undefined });
    for (const at of units)
      await insertRoleAssignment(tx, {
        accountId,
        role: input.role,
        orgUnitCode: at.code,
        scopePath: at.path,
        provinceCode: at.province_code,
        carrierId: input.carrierId,
      });
    const by = typeof createdBy === 'object' && createdBy ? { id: createdBy.id, username: createdBy.username } : { id: null, username: createdBy };
    await recordAudit(tx, by, 'account:create', 'account', {
      entityId: accountId,
      unit,
      after: {
        username,
        displayName: input.displayName,
        role: input.role,
        orgUnitCode: unit.code,
        ...(units.length > 1 ? { alsoAt: units.slice(1).map((u) => u.code) } : {}),
        ...(input.carrierId ? { carrierId: input.carrierId } : {}),
      },
    });
    await input.alsoWrite?.(tx, accountId);
    return accountId;
  });
  return { id, password };
}

/** An administrator or officer creates an account: only a role they may grant, inside their area. */
export async function createAccountAs(db: Db, actor: Actor | null, input: Omit<NewAccount, 'password'>): Promise<CreatedAccount> {
  const unit = await findGrantUnit(db, input.role, input.orgUnitCode);
  const allowed = await authorizeGrant(db, actor, input.role, unit, { entity: 'account' });
  const { id, password } = await createAccount(db, { ...input, password: undefined }, allowed);
  const [account] = await presentAccounts(db, await findAccounts(db, [id]));
  if (!account) throw new Error(`account ${id} vanished after its creation`);
  return { account, oneTimePassword: password };
}

/**
 * First start: with no province administrator, creates `admin`. Other accounts may exist already
 * (the demo province's sellers, which hold no password).
 * Returns the password when one was generated, so it is printed once and never stored in clear.
 */
export async function ensureFirstAdministrator(
  db: Db,
  provinceCode: string,
  password: string | undefined,
): Promise<{ username: string; password: string; generated: boolean } | null> {
  if ((await countAdministrators(db)) > 0) return null;
  const created = await createAccount(
    db,
    { username: 'admin', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: provinceCode, password },
    'first start',
  );
  return { username: 'admin', password: created.password, generated: password === undefined };
}
