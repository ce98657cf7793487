/**
 * The dispatcher's page strings, Vietnamese first. Spread into the shell's dictionary
 * (platform/i18n.ts), so `t('dlv.…')` is typed like every other key.
 */
export const deliveryVi = {
  'dlv.title': 'Điều phối giao hàng',
  'dlv.lead': 'Bưu gửi của ngày, lập tuyến cho từng người giao hàng của hãng, xem tuyến theo thứ tự và trên bản đồ.',
  'dlv.login': 'Đăng nhập bằng tài khoản điều phối của hãng để lập tuyến.',
  'dlv.no_carrier': 'Tài khoản này không điều phối hãng vận chuyển nào.',
  'dlv.carrier': 'Hãng vận chuyển',
  'dlv.day': 'Ngày giao',
  'dlv.parcels': 'Bưu gửi cần giao: {count}',
  'dlv.cod_total': 'Tổng tiền thu hộ: {amount}',
  'dlv.plan': 'Lập tuyến trong ngày',
  'dlv.planning': 'Đang lập tuyến… (chạy nền, trang tự cập nhật)',
  'dlv.plan_failed': 'Lập tuyến không thành công. Hãy thử lại.',
  'dlv.no_plan': 'Chưa có tuyến cho ngày này.',
  'dlv.route': '{name}: {stops} điểm giao, {km} km, về bưu cục lúc {back}',
  'dlv.stop': '{time} · {village} · {code} · {name}',
  'dlv.cod': 'thu hộ {amount}',
  'dlv.unassigned': 'Chưa xếp được: {count}',
  'dlv.map': 'Bản đồ tuyến',
  'dlv.solved_in': 'Lập trong {ms} ms',
};

export const deliveryEn: Record<keyof typeof deliveryVi, string> = {
  'dlv.title': 'Delivery dispatch',
  'dlv.lead': 'The day’s parcels, a route for each of the carrier’s couriers, each route in order and on the map.',
  'dlv.login': 'Log in with a carrier’s dispatcher account to plan routes.',
  'dlv.no_carrier': 'This account dispatches for no carrier.',
  'dlv.carrier': 'Carrier',
  'dlv.day': 'Delivery day',
  'dlv.parcels': 'Parcels to deliver: {count}',
  'dlv.cod_total': 'Cash on delivery in all: {amount}',
  'dlv.plan': 'Plan the day',
  'dlv.planning': 'Planning… (in the background; the page updates by itself)',
  'dlv.plan_failed': 'Planning failed. Try again.',
  'dlv.no_plan': 'No routes for this day yet.',
  'dlv.route': '{name}: {stops} stops, {km} km, back at the hub at {back}',
  'dlv.stop': '{time} · {village} · {code} · {name}',
  'dlv.cod': 'collect {amount}',
  'dlv.unassigned': 'Not placed: {count}',
  'dlv.map': 'Route map',
  'dlv.solved_in': 'Planned in {ms} ms',
};
