/** What other modules may use of coverage (decision 0019): the operators and the coverage rules other modules check imported rows with. */
export { listOperators, loadOperators } from './coverage.repository.ts';
export { registerCoverageRoutes } from './coverage.routes.ts';
export { checkBroadband, checkObservedOn } from './coverage.rules.ts';
export { broadbandRecord, mobileCoverageRecord } from './coverage.schema.ts';
export type { Quality, Technology } from './coverage.tables.ts';
export { insertCommuneFiber, insertFixedBroadband, insertMobileCoverage, insertSubscriberReports } from './coverage-bulk.repository.ts';
export { communeInfrastructureSource, COVERAGE_ELEMENTS, coverageIndicators, coverageValidationRules, villageCoverageSource } from './coverage.indicators.ts';
export { upsertFixedBroadband, upsertMobileCoverage, type RecordedFixedBroadband, type RecordedMobileCoverage } from './coverage-bulk.repository.ts';
export { listCoverageRecords, type CoverageRecordsOf } from './coverage-records.repository.ts';
