import type { Db } from '../platform/database.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import { todayInVietnam } from '../platform/dates.ts';
import { newId } from '../platform/ids.ts';
import { authorize, homeProvince, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findShop } from '../market/index.ts';
import { firstDayOf, remittanceLines } from './cod-remittance.rules.ts';
import type { RemittanceBody, RemittanceView } from './cod-remittance.schema.ts';
import { findCarrier } from './parcel.repository.ts';
import { readCarrierRemittances } from './read-cod-remittances.ts';
import { insertRemittance, lockCarrier, sumCollected, sumRemitted } from './remittance.repository.ts';
import { carrierNotFound } from './set-up-carrier.ts';

/** Amounts and months in a refusal as the pages write them, in both languages: 150.000 ₫, 12/2026. */
const dong = (amount: number) => `${amount.toLocaleString('vi-VN')} ₫`;
const monthText = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/**
 * The dispatcher records money the carrier sent a seller for a month's COD. Never more than it
 * still owes for that month (checked under a lock on the carrier, so two at once cannot both
 * pass); audited with the amounts.
 */
export async function recordCodRemittance(db: Db, actor: Actor | null, body: RemittanceBody): Promise<RemittanceView> {
  const province = await homeProvince(db, actor);
  const allowed = await authorize(db, actor, 'delivery:settle', { ...province, carrierId: body.carrier }, { entity: 'cod_remittance' });
  if (!(await findCarrier(db, body.carrier))) throw carrierNotFound(body.carrier);
  const shop = await findShop(db, body.shop);
  if (!shop || shop.province_code !== province.province_code)
    throw notFound('delivery.shop_not_found', { vi: 'Không có cửa hàng này.', en: 'There is no such shop.' }, 'shop');
  if (body.month > todayInVietnam().slice(0, 7))
    throw badRequest('delivery.month_in_future', { vi: 'Tháng này chưa tới.', en: 'This month has not come yet.' }, 'month');
  await db.transaction().execute(async (tx) => {
    await lockCarrier(tx, body.carrier);
    const filter = { carrierId: body.carrier, shopId: body.shop, month: body.month };
    const [line] = remittanceLines(await sumCollected(tx, filter), await sumRemitted(tx, filter));
    const owed = line?.owed ?? 0;
    if (body.amount > owed)
      throw badRequest(
        'delivery.remittance_exceeds_owed',
        {
          vi: `Hãng chỉ còn nợ cửa hàng ${dong(owed)} tiền thu hộ của tháng ${monthText(body.month)}.`,
          en: `The carrier owes the shop only ${dong(owed)} of COD for ${monthText(body.month)}.`,
        },
        'amount',
      );
    const id = newId();
    await insertRemittance(tx, {
      id,
      carrier_id: body.carrier,
      shop_id: body.shop,
      month: firstDayOf(body.month),
      amount: body.amount,
      reference: body.reference || null,
      recorded_by: allowed.id,
    });
    await recordAudit(tx, allowed, 'delivery:cod-remittance', 'cod_remittance', {
      entityId: id,
      unit: province,
      before: { owed },
      after: { shop: body.shop, month: body.month, amount: body.amount, owed: owed - body.amount },
    });
  });
  const { items } = await readCarrierRemittances(db, allowed, body.carrier, body.month);
  return items.find((l) => l.shop.id === body.shop)!;
}
