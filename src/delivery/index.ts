/** What other modules may use of delivery (decision 0019): parcels from orders, carriers' set-up, and the module's routes. */
export { deliveryRequest, type DeliveryRequest, type Parcel } from './delivery.schema.ts';
export {
  findCarrierByCode,
  findParcelLabels,
  listHubsOfCarrier,
  insertDeliveryEvents,
  insertManifests,
  insertParcels,
  listCarriers,
  loadCarriers,
  type NewParcel,
} from './parcel.repository.ts';
export { readParcel } from './read-parcels.ts';
export { requestParcelFromOrder } from './request-parcel-from-order.ts';
export { addCourier, addHub, addPickupPoint, type NewCourier, type NewHub } from './set-up-carrier.ts';
export { registerDeliveryRoutes } from './delivery.routes.ts';
export { importManifest, type ManifestSummary } from './import-manifest.ts';
export { settleParcelVillage } from './settle-parcel-village.ts';
export { DAY_SOLVE_BUDGET_MS, PLAN_DAY_JOB, planDayJob, requestDayPlan, runDayPlan } from './plan-day.ts';
export { deliveryIndicators, deliverySource } from './delivery.indicators.ts';
export { authorizeCarrier } from './carrier-access.ts';
export { CARRIER_PAYEE } from './read-cash-day.ts';
export { deliverInput, failInput, reorderInput, serverParcel, type ServerParcel } from './courier.schema.ts';
export { planDelivery, planFailedAttempt, readServerParcel } from './record-parcel-outcome.ts';
export { planRouteReorder } from './reorder-route-stops.ts';
export { registerCourierRoutes } from './courier.routes.ts';
export { settleCodTransfer } from './settle-cod-transfer.ts';
export { setCarrierCodAccount } from './set-carrier-cod-account.ts';
export { authorizeCourierParcel, parcelFiling } from './courier-access.ts';
export { addPickupKeeper } from './add-pickup-keeper.ts';
