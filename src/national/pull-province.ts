import type { Db } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { exchangeDocument } from './national.schema.ts';
import { checkProvinceValues } from './national.rules.ts';
import { findLink, listOwnedUnits, markLink, replaceProvinceValues } from './national.repository.ts';

export type PullOutcome = { status: 'ok'; values: number } | { status: 'unreachable' | 'refused'; error: string };

export const linkNotFound = (code: string) =>
  notFound('national.link_not_found', { vi: `Chưa nối với máy chủ của tỉnh ${code}.`, en: `No link to the server of province ${code}.` }, 'province');

const describe = (error: unknown): string => {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
};

/**
 * Pulls a province's values through its exchange, bounded by the link's timeout (the answer's
 * whole body, not only its headers). A province that does not answer in time, answers with an
 * error or with something that is not a dataValueSets document is marked unreachable; one that
 * sends values for units it does not own is marked refused. Either way its last good values stay,
 * marked stale by their age, and nothing of the bad answer is written.
 */
export async function pullProvince(db: Db, provinceCode: string, periods: readonly string[], now: () => Date = () => new Date()): Promise<PullOutcome> {
  const link = await findLink(db, provinceCode);
  if (!link) throw linkNotFound(provinceCode);
  const attemptedAt = now();
  const fail = async (status: 'unreachable' | 'refused', error: string): Promise<PullOutcome> => {
    await markLink(db, provinceCode, { status, last_attempt_at: attemptedAt, last_error: error });
    return { status, error };
  };

  let document;
  try {
    const url = new URL('/api/national/exchange', link.base_url);
    if (periods.length > 0) url.searchParams.set('period', periods.join(','));
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${link.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(link.timeout_ms),
    });
    if (!response.ok) return await fail('unreachable', `HTTP ${response.status}`);
    const parsed = exchangeDocument.safeParse(await response.json());
    if (!parsed.success) return await fail('unreachable', 'not a dataValueSets document');
    document = parsed.data;
  } catch (error) {
    return fail('unreachable', describe(error));
  }

  const { foreignUnits, badValues } = checkProvinceValues(document.dataValues, await listOwnedUnits(db, provinceCode));
  if (foreignUnits.length > 0)
    return fail(
      'refused',
      `values for units outside province ${provinceCode}: ${foreignUnits.slice(0, 5).join(', ')}${foreignUnits.length > 5 ? ` and ${foreignUnits.length - 5} more` : ''}`,
    );
  if (badValues > 0) return fail('refused', `${badValues} values are not numbers`);

  await db.transaction().execute(async (tx) => {
    await replaceProvinceValues(tx, provinceCode, document.dataValues, attemptedAt);
    await markLink(tx, provinceCode, {
      status: 'ok',
      last_attempt_at: attemptedAt,
      last_success_at: attemptedAt,
      last_error: null,
      value_count: document.dataValues.length,
    });
  });
  return { status: 'ok', values: document.dataValues.length };
}
