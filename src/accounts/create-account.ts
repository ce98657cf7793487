import type { Db } from '../platform/database.ts';
import { badRequest, conflict } from '../platform/errors.ts';
import type { Role } from '../platform/schema.ts';
import { insertAuditEntries } from '../audit/audit.repository.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { countAccounts, findAccountByUsername, insertAccount, insertRoleAssignment } from './account.repository.ts';
import { username as usernameSchema } from './account.schema.ts';
import { generatePassword, hashPassword } from './password.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  orgUnitCode: string;
  /** Left out, a one-time password is generated and must be changed at first log-in. */
  password?: string | undefined;
}

/** Creates an account with one role scoped to a unit's subtree; returns the password to hand over. */
export async function createAccount(db: Db, input: NewAccount, createdBy: string | null = null): Promise<{ id: string; password: string }> {
  const parsed = usernameSchema.safeParse(input.username);
  if (!parsed.success) {
    throw badRequest('account.invalid_username', { vi: 'Tên đăng nhập chỉ gồm 3–40 chữ cái a–z, chữ số, dấu chấm, gạch.', en: 'A username is 3–40 letters a–z, digits, dots, dashes or underscores.' }, 'username');
  }
  const username = parsed.data;
  if (input.password !== undefined && input.password.length < 10) {
    throw badRequest('account.password_too_short', { vi: 'Mật khẩu cần ít nhất 10 ký tự.', en: 'A password needs at least 10 characters.' }, 'password');
  }
  const unit = await findOrgUnit(db, input.orgUnitCode);
  if (!unit) throw badRequest('account.unknown_unit', { vi: `Không có đơn vị mã ${input.orgUnitCode}.`, en: `There is no unit with code ${input.orgUnitCode}.` }, 'orgUnitCode');
  if (await findAccountByUsername(db, username)) {
    throw conflict('account.username_taken', { vi: `Tên đăng nhập ${username} đã có.`, en: `The username ${username} is taken.` }, 'username');
  }
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const id = await db.transaction().execute(async (tx) => {
    const accountId = await insertAccount(tx, { username, displayName: input.displayName, passwordHash, mustChangePassword: input.password === undefined });
    await insertRoleAssignment(tx, { accountId, role: input.role, orgUnitCode: unit.code, scopePath: unit.path, provinceCode: unit.province_code });
    await insertAuditEntries(tx, [
      {
        actorId: null,
        actorName: createdBy,
        action: 'account:create',
        entity: 'account',
        entityId: accountId,
        orgUnitCode: unit.code,
        provinceCode: unit.province_code,
        outcome: 'ok',
        after: { username, displayName: input.displayName, role: input.role, orgUnitCode: unit.code },
      },
    ]);
    return accountId;
  });
  return { id, password };
}

/**
 * First start: with no account at all, creates the province administrator `admin`.
 * Returns the password when one was generated, so it is printed once and never stored in clear.
 */
export async function ensureFirstAdministrator(db: Db, provinceCode: string, password: string | undefined): Promise<{ username: string; password: string; generated: boolean } | null> {
  if ((await countAccounts(db)) > 0) return null;
  const created = await createAccount(db, { username: 'admin', displayName: 'Quản trị tỉnh', role: 'province_admin', orgUnitCode: provinceCode, password }, 'first start');
  return { username: 'admin', password: created.password, generated: password === undefined };
}
