/** Territory's shapes for the web app's forms and other modules' schemas (decision 0019, addendum): zod, no I/O. */
export { orgUnitCode, orgUnitSummary } from './org-unit.schema.ts';
