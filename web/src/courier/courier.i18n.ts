import type { Message } from '../../../src/platform/errors.ts';
import { useI18n, type Lang, type Params } from '../platform/i18n.ts';

/** The courier app's own strings, Vietnamese first; loaded with the app only. The sync bar's are the field app's. */
const vi = {
  'app.title': 'Giao hàng hôm nay',
  'app.main_site': 'Trang chính',
  'app.store_unavailable': 'Trình duyệt không cho lưu dữ liệu trên máy, nên ứng dụng không chạy được khi mất sóng.',
  'app.login_needed': 'Đăng nhập bằng tài khoản người giao hàng để tải tuyến hôm nay.',
  'app.offline_first': 'Lần đầu dùng cần có mạng để đăng nhập và tải tuyến.',
  'app.login': 'Đăng nhập',
  'app.not_courier': 'Tài khoản này không phải người giao hàng của một hãng.',
  'day.none': 'Hôm nay chưa có tuyến giao cho bạn. Khi điều phối lập tuyến, bấm “Đồng bộ”.',
  'day.summary': '{done}/{all} điểm đã xong · còn thu {cod}',
  'day.stops': 'Các điểm giao theo thứ tự',
  'stop.window': 'Giờ nhận {start}–{end}',
  'stop.cod': 'Thu hộ {amount}',
  'stop.no_cod': 'Không thu tiền',
  'stop.call': 'Gọi {name}',
  'stop.up': 'Đưa điểm {n} lên trước',
  'stop.down': 'Đưa điểm {n} xuống sau',
  'stop.pickup': 'Điểm nhận: {name}',
  'stop.failed_try_again': 'Lần trước không giao được. Có thể giao lại trong ngày.',
  'stop.back': '← Danh sách điểm',
  'stop.pending': 'chờ gửi',
  'stop.paid': 'đã nhận chuyển khoản',
  'state.planned': 'Chưa giao',
  'state.out_for_delivery': 'Đang giao',
  'state.at_pickup_point': 'Chờ nhận tại điểm nhận hàng',
  'state.delivered': 'Đã giao',
  'state.failed': 'Không giao được',
  'state.received': 'Tại bưu cục',
  'state.returned': 'Đã hoàn',
  'deliver.title': 'Giao thành công',
  'deliver.payment': 'Người nhận trả',
  'deliver.cash': 'Tiền mặt {amount}',
  'deliver.transfer': 'Chuyển khoản (quét mã QR)',
  'deliver.qr_label': 'Mã VietQR chuyển {amount} cho {holder}, nội dung {content}',
  'deliver.qr_help': 'Đưa người nhận quét mã bằng ứng dụng ngân hàng. Số tiền và nội dung đã có sẵn.',
  'deliver.no_qr': 'Chưa có tài khoản nhận chuyển khoản cho bưu gửi này: chỉ thu tiền mặt.',
  'proof.title': 'Bằng chứng giao hàng',
  'proof.code': 'Mã người nhận',
  'proof.photo': 'Ảnh',
  'proof.signature': 'Chữ ký',
  'proof.code_label': 'Mã trên trang đơn hàng của người nhận',
  'proof.photo_label': 'Chụp ảnh bưu gửi tại nhà người nhận',
  'proof.photo_ready': 'Ảnh đã nén: {kb} KB',
  'proof.photo_failed': 'Không nén được ảnh xuống 150 KB; hãy chụp lại.',
  'proof.sign_label': 'Người nhận ký vào khung',
  'proof.clear': 'Ký lại',
  'proof.missing': 'Hãy nhập mã, chụp ảnh hoặc lấy chữ ký.',
  'deliver.save': 'Ghi đã giao',
  'fail.title': 'Không giao được',
  'fail.reason': 'Lý do',
  'fail.not_home': 'Không có nhà',
  'fail.refused': 'Từ chối nhận',
  'fail.wrong_address': 'Sai địa chỉ',
  'fail.unreachable': 'Không liên lạc được',
  'fail.save': 'Ghi không giao được',
  'saved.delivered': 'Đã ghi: {name} đã nhận hàng.',
  'saved.failed': 'Đã ghi: không giao được cho {name}.',
  'attention.title': 'Máy chủ không nhận',
  'attention.drop': 'Bỏ thay đổi này',
} as const;

export type CourierKey = keyof typeof vi;

const en: Record<CourierKey, string> = {
  'app.title': 'Today’s deliveries',
  'app.main_site': 'Main site',
  'app.store_unavailable': 'This browser does not let the app store data on the phone, so it cannot work without signal.',
  'app.login_needed': 'Log in with a courier account to load today’s route.',
  'app.offline_first': 'The first time needs a network to log in and load the route.',
  'app.login': 'Log in',
  'app.not_courier': 'This account is not a carrier’s courier.',
  'day.none': 'No route for you today yet. Once the dispatcher plans it, tap “Sync”.',
  'day.summary': '{done}/{all} stops done · {cod} still to collect',
  'day.stops': 'Stops in order',
  'stop.window': 'Window {start}–{end}',
  'stop.cod': 'Collect {amount}',
  'stop.no_cod': 'Nothing to collect',
  'stop.call': 'Call {name}',
  'stop.up': 'Move stop {n} earlier',
  'stop.down': 'Move stop {n} later',
  'stop.pickup': 'Pickup point: {name}',
  'stop.failed_try_again': 'The last attempt failed. It can be delivered again today.',
  'stop.back': '← All stops',
  'stop.pending': 'waiting to send',
  'stop.paid': 'transfer received',
  'state.planned': 'To deliver',
  'state.out_for_delivery': 'Out for delivery',
  'state.at_pickup_point': 'Waiting at a pickup point',
  'state.delivered': 'Delivered',
  'state.failed': 'Failed',
  'state.received': 'At the hub',
  'state.returned': 'Returned',
  'deliver.title': 'Delivered',
  'deliver.payment': 'The recipient pays',
  'deliver.cash': 'Cash {amount}',
  'deliver.transfer': 'Transfer (scan the QR)',
  'deliver.qr_label': 'VietQR code paying {amount} to {holder}, content {content}',
  'deliver.qr_help': 'Let the recipient scan it with their banking app. The amount and content are filled in.',
  'deliver.no_qr': 'No account takes transfers for this parcel: cash only.',
  'proof.title': 'Proof of delivery',
  'proof.code': 'Recipient’s code',
  'proof.photo': 'Photo',
  'proof.signature': 'Signature',
  'proof.code_label': 'The code on the recipient’s order page',
  'proof.photo_label': 'Take a photo of the parcel at the recipient’s home',
  'proof.photo_ready': 'Photo compressed: {kb} KB',
  'proof.photo_failed': 'The photo could not be compressed to 150 KB; take it again.',
  'proof.sign_label': 'The recipient signs in the box',
  'proof.clear': 'Sign again',
  'proof.missing': 'Enter the code, take a photo or get a signature.',
  'deliver.save': 'Record as delivered',
  'fail.title': 'Could not deliver',
  'fail.reason': 'Reason',
  'fail.not_home': 'Nobody home',
  'fail.refused': 'Refused',
  'fail.wrong_address': 'Wrong address',
  'fail.unreachable': 'Unreachable by phone',
  'fail.save': 'Record as failed',
  'saved.delivered': 'Recorded: {name} received the parcel.',
  'saved.failed': 'Recorded: could not deliver to {name}.',
  'attention.title': 'The server did not accept',
  'attention.drop': 'Drop this change',
};

const dictionaries: Record<Lang, Record<CourierKey, string>> = { vi, en };

export interface CourierI18n {
  lang: Lang;
  t: (key: CourierKey, params?: Params) => string;
  text: (message: Message) => string;
}

export function useCourierI18n(): CourierI18n {
  const shell = useI18n();
  const t = (key: CourierKey, params: Params = {}) =>
    dictionaries[shell.lang][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
  return { lang: shell.lang, t, text: shell.text };
}

/** "180.000 ₫" */
export const dong = (amount: number): string => `${amount.toLocaleString('vi-VN')} ₫`;
