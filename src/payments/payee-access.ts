import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor, ScopedUnit } from '../accounts/index.ts';

/** Who is paid: a kind another module owns ('shop', later a courier's company) and its id there. */
export interface Payee {
  kind: string;
  id: string;
}

/** The actor allowed, and the unit the payee belongs to (its province scopes the events and the audit). */
export interface PayeeScope {
  actor: Actor;
  unit: ScopedUnit;
}

/**
 * Decides whether an actor may manage a payee's bank feeds and see its transfers: the module that
 * owns the kind (the market for shops) answers through the accounts' `authorize()` gate, and
 * throws its refusal. Payments knows no shop, so it asks.
 */
export type PayeeAccess = (db: Db, actor: Actor | null, payeeId: string) => Promise<PayeeScope>;

const accessByKind = new Map<string, PayeeAccess>();

/** Registered when the app is composed (src/compose.ts); registering a kind again replaces it. */
export function registerPayeeAccess(kind: string, access: PayeeAccess): void {
  accessByKind.set(kind, access);
}

const unknownKind = (kind: string) =>
  notFound('payment.unknown_payee_kind', { vi: `Không có loại bên nhận tiền “${kind}”.`, en: `There is no kind of payee “${kind}”.` }, 'kind');

/** The gate every route of a payee's feeds and transfers passes first. */
export async function authorizePayee(db: Db, actor: Actor | null, payee: Payee): Promise<PayeeScope> {
  const access = accessByKind.get(payee.kind);
  if (!access) throw unknownKind(payee.kind);
  return access(db, actor, payee.id);
}
