/**
 * What a carrier owes each seller (decision 0035): the COD of her orders' parcels it delivered in
 * a month, less what it has remitted for that month. Amounts are integer đồng.
 */

export interface MonthAmount {
  shopId: string;
  carrierId: string;
  /** 'YYYY-MM', Vietnam time. */
  month: string;
  amount: number;
}

export interface RemittanceLine {
  shopId: string;
  carrierId: string;
  month: string;
  collected: number;
  remitted: number;
  owed: number;
}

const key = (a: Pick<MonthAmount, 'shopId' | 'carrierId' | 'month'>) => `${a.shopId}|${a.carrierId}|${a.month}`;

/** One line per shop, carrier and month with anything collected or remitted; newest month first. */
export function remittanceLines(collected: readonly MonthAmount[], remitted: readonly MonthAmount[]): RemittanceLine[] {
  const lines = new Map<string, RemittanceLine>();
  const line = (a: MonthAmount) => {
    const found = lines.get(key(a)) ?? { shopId: a.shopId, carrierId: a.carrierId, month: a.month, collected: 0, remitted: 0, owed: 0 };
    lines.set(key(a), found);
    return found;
  };
  for (const a of collected) line(a).collected += a.amount;
  for (const a of remitted) line(a).remitted += a.amount;
  return [...lines.values()]
    .map((l) => ({ ...l, owed: l.collected - l.remitted }))
    .sort((a, b) => b.month.localeCompare(a.month) || a.shopId.localeCompare(b.shopId) || a.carrierId.localeCompare(b.carrierId));
}

/** 'YYYY-MM' → its first day, 'YYYY-MM-01'. */
export const firstDayOf = (month: string): string => `${month}-01`;

/** A month written 'YYYY-MM' with a real month in it. */
export const isMonth = (text: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
