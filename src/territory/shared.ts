/**
 * What the web app and other modules may use of territory's pure rules (decision 0019, addendum):
 * no I/O and no schemas, so the app shell that checks a role's scope stays small.
 */
export { isWithin, NATION } from './territory.rules.ts';
