import type { DataSource, FindRecordsAtFault } from './data-source.ts';
import type { IndicatorDefinition } from './indicator.rules.ts';
import { householdIndicators, householdSource, householdValidationRules } from '../households/household.indicators.ts';
import { communeInfrastructureSource, coverageIndicators, coverageValidationRules, villageCoverageSource } from '../coverage/coverage.indicators.ts';
import type { ValidationRule } from './validation-rule.rules.ts';
import { teamIndicators, teamRecordsAtFault, teamSource, teamValidationRules } from '../teams/team.indicators.ts';

/** Every module's data source. A new module adds its own here; the engine reads the list. */
export const DATA_SOURCES: readonly DataSource[] = [householdSource, villageCoverageSource, communeInfrastructureSource, teamSource];

/** Every module's indicators, seeded into the catalogue at start (an administrator may edit them). */
export const INDICATOR_DECLARATIONS: readonly IndicatorDefinition[] = [...coverageIndicators, ...householdIndicators, ...teamIndicators];

export const DATA_ELEMENT_CODES: ReadonlySet<string> = new Set(DATA_SOURCES.flatMap((s) => s.elements.map((e) => e.code)));

/** Elements with quarterly and monthly values besides yearly ones (decision 0010). */
export const SUB_YEAR_ELEMENTS: ReadonlySet<string> = new Set(DATA_SOURCES.flatMap((s) => s.subYearElements ?? []));

/** Every module's validation rules, seeded into the rule table at start (editable by an administrator). */
export const VALIDATION_RULE_DECLARATIONS: readonly ValidationRule[] = [...householdValidationRules, ...coverageValidationRules, ...teamValidationRules];

/** How to find the records behind a declared rule broken at a leaf, by rule code. */
export const RECORDS_AT_FAULT: Readonly<Record<string, FindRecordsAtFault>> = { ...teamRecordsAtFault };
