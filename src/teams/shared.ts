/** What the web app and other modules may use of teams without its I/O (decision 0019): the needs a visit answers. */
export { NEEDS } from './fieldwork.rules.ts';
