/** The tables delivery owns (decision 0019): their Kysely types, added to platform's Database. */
import type { Defaulted, Timestamp } from '../platform/schema.ts';
import type { FailureReason, ParcelState, DeliveryEventKind, Payment } from './parcel.rules.ts';

export interface CarrierTable {
  id: string;
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface HubTable {
  id: string;
  carrier_id: string;
  name: string;
  org_unit_code: string;
  path: string;
  province_code: string;
  latitude: number;
  longitude: number;
  /** Minutes after midnight, Vietnam time. */
  opens_at: number;
  closes_at: number;
}

export interface CourierTable {
  account_id: string;
  carrier_id: string;
  hub_id: string;
  capacity_kg: number;
  max_day_minutes: number;
  active: Defaulted<boolean>;
}

export interface PickupPointTable {
  id: string;
  village_code: string;
  path: string;
  province_code: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface ManifestTable {
  id: string;
  carrier_id: string;
  file_name: string | null;
  parcels: number;
  imported_by: string | null;
  imported_at: Timestamp;
}

export interface ParcelTable {
  id: string;
  carrier_id: string;
  tracking_code: string;
  source: 'order' | 'manifest';
  order_id: string | null;
  /** The shop whose order it carries: the seller the carrier remits the COD to (decision 0035). */
  shop_id: Defaulted<string | null>;
  manifest_id: string | null;
  recipient_name: string;
  /** E.164. */
  phone: string;
  village_code: string | null;
  address_text: string | null;
  pickup_point_id: string | null;
  path: string;
  province_code: string;
  /** Đồng, collected on delivery; 0 for a parcel paid beforehand. */
  cod_amount: number;
  weight_grams: number;
  window_start: number;
  window_end: number;
  due_on: string;
  state: Defaulted<ParcelState>;
  failure_reason: FailureReason | null;
  attempts: Defaulted<number>;
  /** While it waits at a pickup point: the hash of the recipient's code, and the wrong codes tried. */
  collection_code_hash: Defaulted<string | null>;
  collection_tries: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoutePlanTable {
  id: string;
  carrier_id: string;
  day: string;
  state: Defaulted<'queued' | 'done' | 'failed'>;
  requested_by: string | null;
  requested_at: Timestamp;
  finished_at: Date | null;
  solve_ms: number | null;
  unassigned: Defaulted<unknown>;
}

export interface CourierRouteTable {
  id: string;
  plan_id: string;
  courier_account_id: string;
  hub_id: string;
  distance_m: number;
  returns_at: number;
}

export interface RouteStopTable {
  route_id: string;
  position: number;
  parcel_id: string;
  arrives_at: number;
}

export interface DeliveryEventTable {
  id: string;
  parcel_id: string;
  courier_account_id: string | null;
  kind: DeliveryEventKind;
  failure_reason: FailureReason | null;
  payment: Payment | null;
  cod_collected: Defaulted<number>;
  village_code: string | null;
  occurred_at: Date | string;
  recorded_at: Timestamp;
}

declare module '../platform/schema.ts' {
  interface Database {
    carrier: CarrierTable;
    hub: HubTable;
    courier: CourierTable;
    pickup_point: PickupPointTable;
    manifest: ManifestTable;
    parcel: ParcelTable;
    route_plan: RoutePlanTable;
    courier_route: CourierRouteTable;
    route_stop: RouteStopTable;
    delivery_event: DeliveryEventTable;
  }
}
