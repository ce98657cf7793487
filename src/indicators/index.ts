/** What other modules may use of indicators (decision 0019): the indicator engine: refreshes after a write, periods, reads of the values, catalogue seeding. */
export { registerIndicatorRoutes } from './indicator.routes.ts';
export { FIRST_YEAR, monthPeriod, periodOfRow, quarterPeriod, yearPeriod, yearsFrom } from './periods.ts';
export { readIndicatorValues } from './read-indicator-values.ts';
export { ensureIndicatorsCurrent, rebuildIndicators, refreshAtEnd, refreshDataValues, refreshUnit } from './refresh-data-values.ts';
export { checkPendingValidation } from './run-validation.ts';
export { seedCatalogue, seedTargets, type TargetsDocument } from './seed-catalogue.ts';
export { dataElementCodes, registerDataSource, registerIndicators, registerRecordsAtFault, registerValidationRules } from './sources.ts';
export { EXACT_VALUES } from './suppress-small-cells.ts';
export { unpivot, type DataSource, type FindRecordsAtFault, type LeafValue, type SharedWork } from './data-source.ts';
export { declareIndicators, type IndicatorDeclaration, type IndicatorDefinition } from './indicator.rules.ts';
export type { ValidationRule } from './validation-rule.rules.ts';
export { indicatorEvaluator, type CatalogueEntry, type IndicatorFromSums } from './indicators-from-sums.ts';
export { readAggregates } from './export-aggregates.ts';
export { toDataValueSet, type AggregateValue } from './interoperability.rules.ts';
export type { CellPrivacy } from './suppress-small-cells.ts';
