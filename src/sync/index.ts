/** What other modules may use of sync (decision 0019): the phones' sync routes. */
export { gatePushes, registerSyncRoutes } from './sync.routes.ts';
export { createPushGate } from './push-gate.rules.ts';
