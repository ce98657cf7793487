import { isUniqueViolation, type Db } from '../platform/database.ts';
import type { Issue } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { foldForSearch } from '../platform/text.ts';
import { readSpreadsheet } from '../platform/spreadsheet.ts';
import type { CsvEncoding } from '../platform/text-encoding.rules.ts';
import { authorize, can, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { invalidRows, readRows } from '../imports/index.ts';
import { findUnits, LEVEL, searchTerritory, type OrgUnitRow } from '../territory/index.ts';
import { addressParts, MANIFEST, type ManifestRow } from './manifest.rules.ts';
import { findCarrier, findTrackingCodes, insertManifest, insertParcels, type NewParcel } from './parcel.repository.ts';
import { DEFAULT_WINDOW, phoneE164 } from './parcel.rules.ts';
import { carrierNotFound } from './set-up-carrier.ts';

export interface ManifestOptions {
  dryRun: boolean;
  fileName?: string | undefined;
  encoding?: CsvEncoding | undefined;
}

/** A row whose free-text address names more than one village: imported, waiting for a person to choose. */
export interface UnsettledRow {
  row: number;
  trackingCode: string;
  address: string;
  candidates: { code: string; name: string; parentCode: string | null }[];
}

export interface ManifestSummary {
  manifestId: string | null;
  rows: number;
  created: number;
  /** Parcels whose address matched several villages, listed to settle by hand (`settleParcelVillage`). */
  unsettled: UnsettledRow[];
  ignoredColumns?: string[];
  dryRun: boolean;
}

/** One statement per batch, as the other imports write. */
const BATCH = 20_000;
const CANDIDATES = 8;

type AddressMatch = { village: OrgUnitRow['code'] } | { candidates: UnsettledRow['candidates'] } | 'none';

/**
 * The village a free-text address names, by the territory's diacritic-blind search: the villages
 * whose name is the address's first part (or contains it, when none is exactly it), narrowed to the
 * commune the address names after it. One: matched; several: to settle by hand; none: a bad row.
 */
async function matchAddress(db: Db, address: string): Promise<AddressMatch> {
  const parts = addressParts(address);
  if (parts.village.length < 2) return 'none';
  const found = await searchTerritory(db, parts.village, { level: LEVEL.village, limit: 50 });
  const exact = found.filter((v) => foldForSearch(v.name) === parts.village);
  let candidates = exact.length > 0 ? exact : found;
  if (parts.commune) {
    const communes = await searchTerritory(db, parts.commune, { level: LEVEL.commune, limit: 10 });
    const codes = new Set(communes.map((c) => c.code));
    const inCommune = candidates.filter((v) => v.parentCode !== null && codes.has(v.parentCode));
    if (inCommune.length > 0 || communes.length > 0) candidates = inCommune;
  }
  if (candidates.length === 0) return 'none';
  if (candidates.length === 1) return { village: candidates[0]!.code };
  return { candidates: candidates.slice(0, CANDIDATES).map((v) => ({ code: v.code, name: v.fullName, parentCode: v.parentCode })) };
}

const unknownVillage = (row: number, code: string): Issue => ({
  code: 'import.unknown_village',
  row,
  field: 'villageCode',
  message: { vi: `Không có thôn/bản mã ${code}.`, en: `There is no village with code ${code}.` },
});
const unmatchedAddress = (row: number, address: string): Issue => ({
  code: 'manifest.address_unmatched',
  row,
  field: 'address',
  message: {
    vi: `Không tìm thấy thôn/bản nào theo địa chỉ "${address}". Hãy ghi mã thôn/bản.`,
    en: `No village matches the address "${address}". Give the village code.`,
  },
});
const trackingCodeTaken = (row: number, code: string): Issue => ({
  code: 'manifest.tracking_code_taken',
  row,
  field: 'trackingCode',
  message: { vi: `Mã vận đơn ${code} đã có trong hệ thống của hãng.`, en: `The carrier already has a parcel with tracking code ${code}.` },
});

/**
 * A carrier's manifest (CSV or .xlsx), all or nothing like the other imports: every row checked,
 * villages found by code or by address, tracking codes new to the carrier; any bad row and nothing
 * is written, every bad row listed. Parcels whose address fits several villages are written without
 * a village and listed to settle by hand.
 */
export async function importManifest(db: Db, caller: Actor | null, carrierId: string, bytes: Uint8Array, options: ManifestOptions): Promise<ManifestSummary> {
  if (!(await findCarrier(db, carrierId))) throw carrierNotFound(carrierId);
  const province = await homeProvince(db, caller);
  const actor = await authorize(db, caller, 'delivery:import', { ...province, carrierId }, { entity: 'manifest' });
  const today = todayInVietnam();
  const read = readRows(MANIFEST, await readSpreadsheet(bytes, { encoding: options.encoding }), today);

  const issues: Issue[] = [];
  const byCode = new Map(
    (await findUnits(db, [...new Set(read.rows.flatMap((r) => (r.record.villageCode ? [r.record.villageCode] : [])))]))
      .filter((u) => u.level === LEVEL.village)
      .map((u) => [u.code, u]),
  );
  const matches = new Map<string, AddressMatch>();
  for (const { record } of read.rows) {
    if (record.villageCode || !record.address) continue;
    const key = foldForSearch(record.address);
    if (!matches.has(key)) matches.set(key, await matchAddress(db, record.address));
  }
  const matchedCodes = [...matches.values()].flatMap((m) => (typeof m === 'object' && 'village' in m ? [m.village] : []));
  for (const unit of await findUnits(
    db,
    matchedCodes.filter((c) => !byCode.has(c)),
  ))
    byCode.set(unit.code, unit);
  const outside = [...byCode.values()].find((unit) => !can(actor, 'delivery:import', unit.path, { carrierId }));
  if (outside) await authorize(db, actor, 'delivery:import', { ...outside, carrierId }, { entity: 'manifest' });

  const manifestId = newId();
  const parcels: (NewParcel & { id: string; manifest_id: string; due_on: string })[] = [];
  const unsettled: UnsettledRow[] = [];
  for (const { row, record } of read.rows) {
    const place = placeOf(record, byCode, matches);
    if (place === 'unknown') {
      issues.push(record.villageCode ? unknownVillage(row, record.villageCode) : unmatchedAddress(row, record.address ?? ''));
      continue;
    }
    const unit = 'candidates' in place ? undefined : place;
    if ('candidates' in place) unsettled.push({ row, trackingCode: record.trackingCode, address: record.address ?? '', candidates: place.candidates });
    parcels.push({
      id: newId(),
      carrier_id: carrierId,
      tracking_code: record.trackingCode,
      source: 'manifest',
      manifest_id: manifestId,
      recipient_name: record.recipientName,
      phone: phoneE164(record.phone)!,
      village_code: unit?.code ?? null,
      address_text: record.address ?? null,
      path: unit?.path ?? province.path,
      province_code: province.province_code,
      cod_amount: record.codAmount,
      weight_grams: record.weightGrams,
      window_start: record.windowStart ?? DEFAULT_WINDOW.start,
      window_end: record.windowEnd ?? DEFAULT_WINDOW.end,
      due_on: record.dueOn ?? today,
    });
  }
  const rowOf = new Map(read.rows.map((r) => [r.record.trackingCode, r.row]));
  const refused = (taken: Iterable<string>) =>
    invalidRows([
      ...read.issues,
      ...[...issues, ...[...taken].map((code) => trackingCodeTaken(rowOf.get(code)!, code))].map((i) => ({ ...i, field: read.headerOf(i.field) })),
    ]);
  const codes = [...rowOf.keys()];
  // A file refused anyway, or only tried: the codes the carrier has are read first, to list them
  // with the rest. A file that will be written learns them from its insert (decision 0043).
  const invalid = read.issues.length + issues.length > 0;
  if (invalid || options.dryRun) {
    const taken = await findTrackingCodes(db, carrierId, codes);
    if (invalid || taken.size > 0) throw refused(taken);
  }

  const summary: ManifestSummary = {
    manifestId: options.dryRun ? null : manifestId,
    rows: read.count,
    created: parcels.length,
    unsettled,
    ...(read.ignoredColumns.length > 0 ? { ignoredColumns: read.ignoredColumns } : {}),
    dryRun: options.dryRun,
  };
  if (options.dryRun) return summary;
  try {
    await db.transaction().execute(async (tx) => {
      await insertManifest(tx, { id: manifestId, carrierId, fileName: options.fileName ?? null, parcels: parcels.length, importedBy: actor.id });
      for (let i = 0; i < parcels.length; i += BATCH) await insertParcels(tx, parcels.slice(i, i + BATCH));
      await recordAudit(tx, actor, 'delivery:import', 'manifest', {
        entityId: manifestId,
        unit: province,
        after: { carrierId, rows: summary.rows, created: summary.created, unsettled: unsettled.length },
      });
    });
  } catch (error) {
    // A tracking code the carrier has (or another import wrote meanwhile): nothing was written; each is listed.
    if (!isUniqueViolation(error)) throw error;
    const taken = await findTrackingCodes(db, carrierId, codes);
    throw taken.size > 0 ? refused(taken) : error;
  }
  return summary;
}

/** The record's village row, the villages its address may mean, or 'unknown'. */
function placeOf(
  record: ManifestRow,
  byCode: ReadonlyMap<string, OrgUnitRow>,
  matches: ReadonlyMap<string, AddressMatch>,
): OrgUnitRow | { candidates: UnsettledRow['candidates'] } | 'unknown' {
  if (record.villageCode) return byCode.get(record.villageCode) ?? 'unknown';
  const match = matches.get(foldForSearch(record.address ?? ''));
  if (!match || match === 'none') return 'unknown';
  if ('village' in match) return byCode.get(match.village) ?? 'unknown';
  return match;
}
