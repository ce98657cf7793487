import type { Message } from '../../../src/platform/errors.ts';
import { formatDateTime } from '../platform/format.ts';
import { useI18n, type I18n, type Lang, type Params } from '../platform/i18n.ts';
import type { screenVi } from './screens.i18n.ts';

/**
 * The field app's own strings, Vietnamese first. Kept out of the shell's dictionary so they load
 * with the field app only; the language itself is the shell's (the same VI | EN switch). These
 * are the first screen's; the other screens bring theirs (screens.i18n.ts).
 */
const vi = {
  'field.title': 'Thực địa',
  'field.app_name': 'Bản Số – Thực địa',
  'field.main_site': 'Trang chính',
  'field.log_out': 'Đăng xuất',
  'field.sections': 'Các mục của ứng dụng thực địa',
  'nav.households': 'Hộ gia đình',
  'nav.training': 'Tập huấn',
  'nav.attention': 'Cần xử lý',

  'sync.label': 'Tình trạng đồng bộ',
  'sync.waiting': '{n} thay đổi chờ gửi',
  'sync.waiting_one': '1 thay đổi chờ gửi',
  'sync.last': 'Đồng bộ lần cuối: {when}',
  'sync.never': 'Chưa đồng bộ lần nào',
  'sync.offline': 'Ngoại tuyến',
  'sync.offline_note': 'Mất kết nối: thay đổi được lưu trên máy và tự gửi khi có mạng.',
  'sync.online': 'Có mạng',
  'sync.now': 'Đồng bộ',
  'sync.syncing': 'Đang đồng bộ…',
  'sync.retrying': 'Chưa gửi được; sẽ tự thử lại {when}.',
  'sync.needs_login': 'Phiên đăng nhập đã hết: các thay đổi vẫn trên máy, đăng nhập lại để gửi.',
  'sync.login': 'Đăng nhập lại',
  'sync.attention': '{n} cần xử lý',

  'time.just_now': 'vừa xong',
  'time.minutes': '{n} phút trước',
  'time.hours': '{n} giờ trước',
  'time.yesterday': 'hôm qua, {time}',
  'time.days': '{n} ngày trước',
  'time.in_seconds': 'sau {n} giây',
  'time.in_minutes': 'sau {n} phút',

  'update.ready': 'Có phiên bản mới',
  'update.action': 'Cập nhật',
  'update.note': 'Cập nhật khi bạn đã lưu xong; thay đổi chờ gửi vẫn được giữ.',
  'update.offline_ready': 'Ứng dụng đã sẵn sàng dùng khi mất sóng.',

  'need.all': 'Tất cả',
  'need.smartphone': 'Chưa có ĐTTM',
  'need.epay': 'Chưa có TK thanh toán',
  'need.vneid': 'Chưa kích hoạt VNeID',
  'need.ehealth': 'Chưa có sổ SKĐT',
  'need.banking': 'Chưa dùng ngân hàng số',
  'need.fibre': 'Chưa có cáp quang',
  'need.unsurveyed': 'Chưa khảo sát',
  'need.people': '{n} người',

  'list.title': 'Hộ gia đình',
  'list.search': 'Tìm hộ',
  'list.search_hint': 'Gõ không dấu cũng được, ví dụ: ho 12',
  'list.filter': 'Lọc theo việc còn thiếu',
  'list.count': '{shown} trên {total} hộ',
  'list.none': 'Không có hộ nào khớp.',
  'list.empty': 'Máy chưa có dữ liệu của thôn. Hãy kết nối mạng để tải về.',
  'list.first_load': 'Đang tải dữ liệu thôn về máy lần đầu…',
  'list.nothing_missing': 'Đã đủ',
  'list.waiting': 'Chờ gửi',
  'list.attention': 'Cần xử lý',
  'list.new': 'Mới',
  'list.more': 'Xem thêm {n} hộ',
  'list.add': 'Thêm hộ',

  'hh.back': 'Danh sách hộ',

  'session.checking': 'Đang kiểm tra đăng nhập…',
  'session.login_needed': 'Hãy đăng nhập để dùng ứng dụng thực địa.',
  'session.login': 'Đăng nhập',
  'session.offline_first': 'Lần đăng nhập đầu tiên trên máy này cần có mạng. Khi đã đăng nhập một lần, ứng dụng mở được cả khi mất sóng.',
  'session.logged_out': 'Đã đăng xuất. Dữ liệu của thôn đã được xóa khỏi máy này.',
  'session.ending': 'Đang kết thúc phiên đăng nhập trên máy chủ…',
  'session.ending_offline':
    'Máy đang không có mạng: phiên đăng nhập trên máy chủ sẽ được kết thúc ngay khi có mạng. Trước lúc đó, ứng dụng trên máy này không dùng phiên ấy.',
  'session.ending_failed': 'Chưa kết thúc được phiên đăng nhập trên máy chủ.',
  'session.retry': 'Thử lại',
  'session.no_village': 'Tài khoản này không phụ trách thôn nào. Ứng dụng thực địa dành cho tổ công nghệ số cộng đồng của một thôn.',
  'store.unavailable': 'Trình duyệt này không cho lưu dữ liệu trên máy (chế độ ẩn danh?). Ứng dụng thực địa cần bộ nhớ đó để làm việc khi mất sóng.',
};

type CoreKey = keyof typeof vi;
export type FieldKey = CoreKey | keyof typeof screenVi;

const en: Record<CoreKey, string> = {
  'field.title': 'Field work',
  'field.app_name': 'Bản Số – Field work',
  'field.main_site': 'Main site',
  'field.log_out': 'Log out',
  'field.sections': 'Sections of the field app',
  'nav.households': 'Households',
  'nav.training': 'Training',
  'nav.attention': 'Needs attention',

  'sync.label': 'Sync status',
  'sync.waiting': '{n} changes waiting',
  'sync.waiting_one': '1 change waiting',
  'sync.last': 'Last synced: {when}',
  'sync.never': 'Never synced',
  'sync.offline': 'Offline',
  'sync.offline_note': 'No connection: changes are kept on this phone and sent when there is a network.',
  'sync.online': 'Online',
  'sync.now': 'Sync',
  'sync.syncing': 'Syncing…',
  'sync.retrying': 'Not sent yet; it will try again {when}.',
  'sync.needs_login': 'Your session has ended: the changes are still on this phone; log in again to send them.',
  'sync.login': 'Log in again',
  'sync.attention': '{n} need attention',

  'time.just_now': 'just now',
  'time.minutes': '{n} min ago',
  'time.hours': '{n} h ago',
  'time.yesterday': 'yesterday, {time}',
  'time.days': '{n} days ago',
  'time.in_seconds': 'in {n} s',
  'time.in_minutes': 'in {n} min',

  'update.ready': 'A new version is ready',
  'update.action': 'Update',
  'update.note': 'Update when you have finished saving; changes waiting to be sent are kept.',
  'update.offline_ready': 'The app is ready to work without signal.',

  'need.all': 'All',
  'need.smartphone': 'No smartphone',
  'need.epay': 'No payment account',
  'need.vneid': 'VNeID not activated',
  'need.ehealth': 'No e-health record',
  'need.banking': 'No online banking',
  'need.fibre': 'No fibre',
  'need.unsurveyed': 'Not surveyed',
  'need.people': '{n} people',

  'list.title': 'Households',
  'list.search': 'Find a household',
  'list.search_hint': 'No need for diacritics, e.g. ho 12',
  'list.filter': 'Filter by what is missing',
  'list.count': '{shown} of {total} households',
  'list.none': 'No household matches.',
  'list.empty': 'The village is not on this phone yet. Connect to download it.',
  'list.first_load': 'Downloading the village to this phone for the first time…',
  'list.nothing_missing': 'Nothing missing',
  'list.waiting': 'Waiting to send',
  'list.attention': 'Needs attention',
  'list.new': 'New',
  'list.more': 'Show {n} more households',
  'list.add': 'Add household',

  'hh.back': 'Households',

  'session.checking': 'Checking your log-in…',
  'session.login_needed': 'Log in to use the field app.',
  'session.login': 'Log in',
  'session.offline_first': 'The first log-in on this phone needs a connection. After one log-in the app opens without signal too.',
  'session.logged_out': 'Logged out. The village’s data has been deleted from this phone.',
  'session.ending': 'Ending the session on the server…',
  'session.ending_offline': 'No connection: the session on the server will be ended as soon as there is one. Until then the app on this phone does not use it.',
  'session.ending_failed': 'The session on the server could not be ended yet.',
  'session.retry': 'Try again',
  'session.no_village': 'This account is not responsible for a village. The field app is for the community digital team of one village.',
  'store.unavailable': 'This browser does not let the app keep data on the phone (private mode?). The field app needs that storage to work without signal.',
};

const dictionaries: Record<Lang, Partial<Record<FieldKey, string>>> = { vi: { ...vi }, en: { ...en } };

/** A chunk's strings join the dictionary when the chunk loads. */
export function addStrings(more: Record<Lang, Partial<Record<FieldKey, string>>>): void {
  Object.assign(dictionaries.vi, more.vi);
  Object.assign(dictionaries.en, more.en);
}

export function fieldText(lang: Lang, key: FieldKey, params: Params = {}): string {
  return (dictionaries[lang][key] ?? key).replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

export interface FieldI18n {
  lang: Lang;
  t: (key: FieldKey, params?: Params) => string;
  text: (message: Message) => string;
  /** The shell's dictionary, for the strings the field app shares with it (survey fields, actions). */
  shell: I18n;
}

export function useFieldI18n(): FieldI18n {
  const shell = useI18n();
  return { lang: shell.lang, t: (key, params) => fieldText(shell.lang, key, params), text: shell.text, shell };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_ZONE_OFFSET = 7 * HOUR;

/** Days since the epoch on Vietnam's calendar (UTC+7, no daylight saving). */
const vietnamDay = (ms: number) => Math.floor((ms + TIME_ZONE_OFFSET) / DAY);

/** "5 phút trước", "hôm qua, 14:05", then a date: how long ago the phone last reached the server. */
export function relativeTime(iso: string, now: number, lang: Lang): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const ago = Math.max(0, now - then);
  const t = (key: FieldKey, params?: Params) => fieldText(lang, key, params);
  if (ago < MINUTE) return t('time.just_now');
  if (ago < HOUR) return t('time.minutes', { n: Math.floor(ago / MINUTE) });
  const days = vietnamDay(now) - vietnamDay(then);
  if (days === 0) return t('time.hours', { n: Math.floor(ago / HOUR) });
  if (days === 1) return t('time.yesterday', { time: formatDateTime(iso).slice(11) });
  if (days < 7) return t('time.days', { n: days });
  return formatDateTime(iso).slice(0, 10);
}

/** "sau 30 giây", "sau 4 phút": when the next automatic attempt is due. */
export function timeUntil(at: number, now: number, lang: Lang): string {
  const left = Math.max(0, at - now);
  return left < MINUTE
    ? fieldText(lang, 'time.in_seconds', { n: Math.ceil(left / 1000) })
    : fieldText(lang, 'time.in_minutes', { n: Math.ceil(left / MINUTE) });
}

/** "0 thay đổi chờ gửi", "1 change waiting", "3 changes waiting". */
export function waitingText(lang: Lang, n: number): string {
  return n === 1 ? fieldText(lang, 'sync.waiting_one') : fieldText(lang, 'sync.waiting', { n });
}
