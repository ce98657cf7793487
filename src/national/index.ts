/** What other modules may use of national (decision 0027): the nation's pulls from province servers, their schedule and routes. */
export { linkProvince, type ProvinceLink } from './link-province.ts';
export { registerNationalRoutes, type NationalRouteOptions } from './national.routes.ts';
export { pullProvince, type PullOutcome } from './pull-province.ts';
export { pullJob, PULL_JOB, SCHEDULE_JOB, schedulePulls } from './schedule-pulls.ts';
