import { declareIndicators, type DataSource, type LeafValue } from '../indicators/index.ts';
import { periodOfRow } from '../indicators/index.ts';
import { summariseDeliveries } from './route-plan.repository.ts';

/**
 * Last-mile delivery's data elements per village (the recipient's) and period, from the delivery
 * events: flows dated by day, so yearly, quarterly and monthly. A village with no delivery in a
 * period has no value (not reported), never zero.
 */
export const deliverySource: DataSource = {
  name: 'delivery',
  leafLevel: 'village',
  elements: [
    { code: 'DLV_VILLAGES', name: { vi: 'Thôn/bản có bưu gửi được giao', en: 'Villages with parcels delivered' } },
    { code: 'PARCELS_DELIVERED', name: { vi: 'Bưu gửi đã giao', en: 'Parcels delivered' } },
    { code: 'PARCELS_FIRST_ATTEMPT', name: { vi: 'Bưu gửi giao được ngay lần đầu', en: 'Parcels delivered at the first attempt' } },
    { code: 'COD_DELIVERED_VALUE', name: { vi: 'Giá trị thu hộ (COD) của bưu gửi đã giao (đồng)', en: 'COD value of parcels delivered (đồng)' } },
    { code: 'COD_CASHLESS_VALUE', name: { vi: 'Giá trị thu hộ trả bằng chuyển khoản (đồng)', en: 'COD value paid by transfer (đồng)' } },
    { code: 'DELIVERY_KM', name: { vi: 'Quãng đường giao hàng (km)', en: 'Delivery distance (km)' } },
  ],
  subYearElements: ['DLV_VILLAGES', 'PARCELS_DELIVERED', 'PARCELS_FIRST_ATTEMPT', 'COD_DELIVERED_VALUE', 'COD_CASHLESS_VALUE', 'DELIVERY_KM'],
  reporting: { reported: 'DLV_VILLAGES', expected: 'VILLAGES' },
  subYearReporting: { reported: 'DLV_VILLAGES', expected: 'VILLAGES' },
  async compute(db, years, villages) {
    const values: LeafValue[] = [];
    const columns = {
      delivered: 'PARCELS_DELIVERED',
      first_attempt: 'PARCELS_FIRST_ATTEMPT',
      cod_value: 'COD_DELIVERED_VALUE',
      cashless_value: 'COD_CASHLESS_VALUE',
    } as const;
    for (const row of await summariseDeliveries(db, years, villages)) {
      const period = periodOfRow(row);
      values.push({ dataElement: 'DLV_VILLAGES', orgUnitCode: row.org_unit_code, period, value: 1 });
      for (const [column, dataElement] of Object.entries(columns) as [keyof typeof columns, string][]) {
        values.push({ dataElement, orgUnitCode: row.org_unit_code, period, value: Math.round(Number(row[column])) });
      }
      // Kilometres to the metre: a village's share of a route is often under one kilometre.
      values.push({ dataElement: 'DELIVERY_KM', orgUnitCode: row.org_unit_code, period, value: Math.round(Number(row.metres)) / 1000 });
    }
    return values;
  },
};

/** Delivery's indicators (issue 14), by commune and month on the dashboard. */
export const deliveryIndicators = declareIndicators('delivery', { timeAggregation: 'flow' }, [
  {
    code: 'DLV_PARCELS',
    name: { vi: 'Bưu gửi đã giao', en: 'Parcels delivered' },
    definition: {
      vi: 'Số bưu gửi giao thành công trong kỳ, tính theo thôn/bản của người nhận.',
      en: 'Parcels delivered within the period, counted at the recipient’s village.',
    },
    numerator: 'PARCELS_DELIVERED',
  },
  {
    code: 'DLV_FIRST_ATTEMPT',
    name: { vi: 'Giao thành công ngay lần đầu (%)', en: 'First-attempt delivery success (%)' },
    definition: {
      vi: 'Bưu gửi giao được mà trước đó không có lần giao không thành / bưu gửi đã giao.',
      en: 'Parcels delivered with no failed attempt before / parcels delivered.',
    },
    numerator: 'PARCELS_FIRST_ATTEMPT',
    denominator: 'PARCELS_DELIVERED',
    factor: 100,
    decimals: 1,
  },
  {
    code: 'DLV_CASHLESS',
    name: { vi: 'Tiền thu hộ trả không dùng tiền mặt (%)', en: 'Cash-on-delivery value paid without cash (%)' },
    definition: {
      vi: 'Giá trị thu hộ của bưu gửi đã giao được trả bằng chuyển khoản (VietQR) / tổng giá trị thu hộ của bưu gửi đã giao. Bưu gửi đã trả trước (thu hộ 0 đ) không tính.',
      en: 'COD value of delivered parcels paid by transfer (VietQR) / COD value of delivered parcels. Parcels paid beforehand (COD 0) do not count.',
    },
    numerator: 'COD_CASHLESS_VALUE',
    denominator: 'COD_DELIVERED_VALUE',
    factor: 100,
    decimals: 1,
  },
  {
    code: 'DLV_KM_PER_PARCEL',
    name: { vi: 'Km đường giao trên mỗi bưu gửi', en: 'Kilometres driven per parcel delivered' },
    definition: {
      vi: 'Quãng đường các tuyến giao (chia đều cho các điểm dừng của tuyến) / bưu gửi đã giao. Chỉ tính bưu gửi đã được lập tuyến.',
      en: 'Route distance (shared equally among a route’s stops) / parcels delivered. Only parcels planned onto a route carry distance.',
    },
    numerator: 'DELIVERY_KM',
    denominator: 'PARCELS_DELIVERED',
    decimals: 2,
    higherIsBetter: false,
  },
]);
