import type { Db } from '../platform/database.ts';
import { AppError, badRequest } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { describeIssue } from '../platform/validation-messages.ts';
import { findOrgUnit, LEVEL } from '../territory/index.ts';
import { deliveryRequest, type Parcel } from './delivery.schema.ts';
import { findCarrierServing, findOrderParcel, insertOrderParcel } from './parcel.repository.ts';
import { DEFAULT_WINDOW, phoneE164 } from './parcel.rules.ts';
import { presentParcel } from './presenters.ts';

/** An order carries no weight: a market parcel (herbs, tea, honey) is taken as one kilogram until weighed at the hub. */
const ORDER_PARCEL_GRAMS = 1_000;

const noCarrier = (villageCode: string) =>
  new AppError(409, 'delivery.no_carrier_serving', {
    vi: `Chưa có hãng vận chuyển nào có người giao hàng phụ trách thôn/bản ${villageCode}.`,
    en: `No carrier has a courier covering village ${villageCode} yet.`,
  });

/**
 * The parcel of a market order that chose delivery (`order.delivery-requested`), made once per
 * order however often the event arrives (the outbox delivers at least once): a second call
 * returns the first call's parcel and writes nothing. The order's code is its tracking code, so
 * the recipient's code on the order page finds the parcel.
 */
export async function requestParcelFromOrder(db: Db, payload: unknown): Promise<{ parcel: Parcel; created: boolean }> {
  const parsed = deliveryRequest.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw badRequest(
      'delivery.request_invalid',
      first ? describeIssue(first) : { vi: 'Yêu cầu giao hàng không hợp lệ.', en: 'Invalid delivery request.' },
      String(first?.path[0] ?? ''),
    );
  }
  const request = parsed.data;
  const existing = await findOrderParcel(db, request.orderId);
  if (existing) return { parcel: presentParcel(existing), created: false };
  const phone = phoneE164(request.phone);
  if (!phone)
    throw badRequest('parcel.phone_invalid', { vi: 'Số điện thoại người nhận không hợp lệ.', en: 'The recipient’s phone number is not valid.' }, 'phone');
  const village = await findOrgUnit(db, request.villageCode);
  if (!village || village.level !== LEVEL.village || village.province_code !== request.provinceCode) {
    throw badRequest(
      'parcel.unknown_village',
      { vi: `Không có thôn/bản mã ${request.villageCode}.`, en: `There is no village with code ${request.villageCode}.` },
      'villageCode',
    );
  }
  const carrierId = await findCarrierServing(db, village.path);
  if (!carrierId) throw noCarrier(village.code);
  const { parcel, created } = await insertOrderParcel(db, {
    id: newId(),
    carrier_id: carrierId,
    tracking_code: request.orderCode,
    source: 'order',
    order_id: request.orderId,
    shop_id: request.shopId,
    recipient_name: request.recipientName,
    phone,
    village_code: village.code,
    path: village.path,
    province_code: village.province_code,
    cod_amount: request.codAmount,
    weight_grams: ORDER_PARCEL_GRAMS,
    window_start: DEFAULT_WINDOW.start,
    window_end: DEFAULT_WINDOW.end,
    due_on: todayInVietnam(),
  });
  return { parcel: presentParcel(parcel), created };
}
