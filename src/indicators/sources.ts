import type { DataSource } from './data-source.ts';
import type { IndicatorDefinition } from './indicator.rules.ts';
import { householdIndicators, householdSource } from '../households/household.indicators.ts';
import { communeInfrastructureSource, coverageIndicators, villageCoverageSource } from '../coverage/coverage.indicators.ts';

/** Every module's data source. A new module adds its own here; the engine reads the list. */
export const DATA_SOURCES: readonly DataSource[] = [householdSource, villageCoverageSource, communeInfrastructureSource];

/** Every module's indicators, seeded into the catalogue at start (an administrator may edit them). */
export const INDICATOR_DECLARATIONS: readonly IndicatorDefinition[] = [...coverageIndicators, ...householdIndicators];

export const DATA_ELEMENT_CODES: ReadonlySet<string> = new Set(DATA_SOURCES.flatMap((s) => s.elements.map((e) => e.code)));
