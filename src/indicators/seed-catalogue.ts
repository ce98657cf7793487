import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { findOrgUnit } from '../territory/index.ts';
import { seedIndicators, upsertTarget, listTargets, listIndicatorDefinitions } from './indicator.repository.ts';
import { indicatorDeclarations, validationRuleDeclarations } from './sources.ts';
import { seedValidationRules } from './validation-rule.repository.ts';

/** Targets from a document (a report, a plan): where they come from, for which unit, and their baseline. */
export interface TargetsDocument {
  source: string;
  orgUnitCode: string;
  /** The baseline year of every target, unless a target names its own. */
  baselineYear: number;
  targets: { indicator: string; year: number; value: number; baselineYear?: number }[];
}

/**
 * The declared indicators and validation rules, and the report's 2025 figures as the province's 2025 targets
 * (baseline 2021, the year of the report's first figures). Only what is missing is added.
 */
export async function seedCatalogue(db: Db): Promise<void> {
  await seedIndicators(
    db,
    indicatorDeclarations().map((d, i) => ({ ...d, sortOrder: i })),
  );
  await seedValidationRules(db, validationRuleDeclarations());
  await seedTargets(db, JSON.parse(readFileSync(new URL('./data/report-targets.json', import.meta.url), 'utf8')) as TargetsDocument);
}

/**
 * Adds a document's targets that are missing (never overwrites an administrator's), for the
 * indicators the catalogue has; returns how many were added.
 */
export async function seedTargets(db: Db, document: TargetsDocument): Promise<number> {
  const unit = await findOrgUnit(db, document.orgUnitCode);
  if (!unit) return 0;
  const known = new Set((await listIndicatorDefinitions(db)).map((d) => d.code));
  const existing = await listTargets(
    db,
    document.targets.map((t) => t.indicator),
    [unit.code],
  );
  let added = 0;
  for (const t of document.targets) {
    if (!known.has(t.indicator) || existing.some((e) => e.indicator_code === t.indicator && e.year === t.year)) continue;
    const baselineYear = t.baselineYear ?? document.baselineYear;
    await upsertTarget(db, {
      indicatorCode: t.indicator,
      orgUnitCode: unit.code,
      provinceCode: unit.province_code,
      year: t.year,
      value: t.value,
      baselineYear,
      baselineValue: null,
      source: document.source,
    });
    added++;
  }
  return added;
}
