import { readFileSync } from 'node:fs';
import type { Db } from '../platform/database.ts';
import { findOrgUnit } from '../territory/org-unit.repository.ts';
import { seedIndicators, upsertTarget, listTargets } from './indicator.repository.ts';
import { INDICATOR_DECLARATIONS, VALIDATION_RULE_DECLARATIONS } from './sources.ts';
import { seedValidationRules } from './validation-rule.repository.ts';

interface ReportTargets {
  source: string;
  orgUnitCode: string;
  baselineYear: number;
  targets: { indicator: string; year: number; value: number }[];
}

/**
 * The declared indicators and validation rules, and the report's 2025 figures as the province's 2025 targets
 * (baseline 2021, the year of the report's first figures). Only what is missing is added.
 */
export async function seedCatalogue(db: Db): Promise<void> {
  await seedIndicators(db, INDICATOR_DECLARATIONS.map((d, i) => ({ ...d, sortOrder: i })));
  await seedValidationRules(db, VALIDATION_RULE_DECLARATIONS);
  const report = JSON.parse(readFileSync(new URL('./data/report-targets.json', import.meta.url), 'utf8')) as ReportTargets;
  const unit = await findOrgUnit(db, report.orgUnitCode);
  if (!unit) return;
  const existing = await listTargets(db, report.targets.map((t) => t.indicator), [unit.code]);
  for (const t of report.targets) {
    if (existing.some((e) => e.indicator_code === t.indicator && e.year === t.year)) continue;
    await upsertTarget(db, { indicatorCode: t.indicator, orgUnitCode: unit.code, provinceCode: unit.province_code, year: t.year, value: t.value, baselineYear: report.baselineYear, baselineValue: null, source: report.source });
  }
}
