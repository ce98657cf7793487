/** What the web app and other modules may use of households' shapes without its I/O (decision 0019, addendum): the survey's shape. */
export { survey, type Survey } from './household.schema.ts';
