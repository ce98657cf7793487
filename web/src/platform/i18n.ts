import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Message } from '../../../src/platform/errors.ts';
import type { dashboardVi } from '../dashboard/dashboard.i18n.ts';
import type { syncReviewVi } from '../teams/sync-review.i18n.ts';
import type { teamActivityVi } from '../teams/team-activity.i18n.ts';
import type { importsVi } from '../imports/imports.i18n.ts';
import type { jobsVi } from '../jobs/jobs.i18n.ts';
import type { nationalVi } from '../national/national.i18n.ts';
import type { teamRosterVi } from '../teams/team-roster.i18n.ts';
import type { accountsVi } from '../accounts/accounts.i18n.ts';
import type { marketVi } from '../market/market.i18n.ts';
import type { shopMoneyVi } from '../market/shop-money.i18n.ts';
import type { deliveryVi } from '../delivery/delivery.i18n.ts';
import type { cashVi } from '../delivery/cash.i18n.ts';
import type { dateFieldVi } from './date-field.i18n.ts';

export type Lang = 'vi' | 'en';

/** Vietnamese first: it is the default and the first choice in the switch. */
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** Every string the interface shows. `{name}` marks a value filled in at run time. */
const vi = {
  'app.name': 'Bản Số',
  'app.tagline': 'Chuyển đổi số từ hộ gia đình',

  'nav.skip': 'Bỏ qua, đến nội dung chính',
  'nav.home': 'Về trang chủ',
  'nav.breadcrumb': 'Vị trí',
  'nav.sections': 'Mục chính',
  'nav.territory': 'Địa bàn',
  'nav.login': 'Đăng nhập',
  'nav.logout': 'Đăng xuất',
  'nav.audit': 'Nhật ký',
  'nav.jobs': 'Việc chạy nền',
  'nav.password': 'Đổi mật khẩu',
  'nav.my_sessions': 'Phiên đăng nhập của tôi',
  'nav.language': 'Ngôn ngữ / Language',
  'nav.field': 'Thực địa',
  'nav.dashboard': 'Bảng điều khiển',
  'nav.teams': 'Tổ công nghệ số',
  'nav.imports': 'Nhập dữ liệu',
  'nav.accounts': 'Tài khoản',
  'nav.delivery': 'Điều phối giao hàng',
  'nav.pickup': 'Điểm nhận hàng',

  'status.loading': 'Đang tải…',
  'action.retry': 'Thử lại',
  'action.save': 'Lưu',
  'action.saving': 'Đang lưu…',
  'action.cancel': 'Hủy',
  'common.yes': 'Có',
  'common.no': 'Không',

  'pager.previous': 'Trang trước',
  'pager.next': 'Trang sau',
  'pager.range': '{first}–{last} trên {total}',
  'pager.label': 'Phân trang: {what}',

  'error.network': 'Không kết nối được máy chủ. Hãy kiểm tra sóng điện thoại rồi thử lại.',
  'error.unexpected': 'Máy chủ trả lời bất thường (mã {status}). Vui lòng thử lại sau.',
  'error.title': 'Không mở được trang này',

  'search.label': 'Tìm xã, phường, thôn',
  'search.placeholder': 'Tìm xã, thôn…',
  'search.results': 'Kết quả tìm kiếm',
  'search.none': 'Không tìm thấy “{text}”.',
  'search.count': 'Kết quả: {count}',

  'demo.badge': 'Dữ liệu mẫu',
  'download.label': 'Tải về',
  'download.csv': 'Tải CSV',
  'download.xlsx': 'Tải Excel (.xlsx)',
  'demo.badge_short': 'Mẫu',
  'demo.banner':
    'Thôn và hộ gia đình được đánh dấu “Dữ liệu mẫu” do hệ thống tạo ra để minh họa, theo các số liệu trong báo cáo của tỉnh; đó không phải thôn, hộ có thật. Tên, mã và diện tích của các xã, phường là số liệu thật.',
  'report.label': 'Thôn, bản có thật',
  'report.note':
    'Thôn, bản có thật: được nêu tên trong báo cáo của tỉnh Lạng Sơn về chuyển đổi số. Các hộ gia đình trong sổ vẫn là dữ liệu mẫu, tạo theo số liệu của báo cáo.',

  'home.lead': 'Đo lường chuyển đổi số của tỉnh từ hộ gia đình lên thôn, xã và tỉnh: sóng di động, cáp quang và người dân dùng dịch vụ số.',

  'unit.facts': 'Thông tin chung',
  'unit.code': 'Mã đơn vị',
  'unit.area': 'Diện tích',
  'unit.area_value': '{value} km²',
  'unit.population': 'Dân số',
  'unit.population_note': 'Dân số theo số liệu công bố khi sắp xếp đơn vị hành chính năm 2025, chỉ để tham khảo.',
  'unit.households': 'Hộ gia đình',
  'unit.residents': 'Nhân khẩu',
  'unit.surveyed_on': 'Khảo sát gần nhất',
  'unit.ethnic_groups': 'Dân tộc',
  'unit.admin_center': 'Trụ sở',
  'unit.resolution': 'Nghị quyết',
  'unit.map': 'Xem vị trí trên bản đồ (OpenStreetMap)',
  'unit.predecessors': 'Hình thành từ',
  'unit.predecessors_note': 'Các đơn vị cũ sắp xếp vào xã này từ ngày 01/07/2025.',
  'unit.portion_full': 'toàn bộ',
  'unit.portion_partial': 'một phần',
  'unit.children_communes': 'Xã, phường',
  'unit.children_villages': 'Thôn, bản, khối phố',
  'unit.no_children': 'Chưa có đơn vị trực thuộc nào trong dữ liệu.',
  'unit.filter_label': 'Lọc theo tên',
  'unit.filter_placeholder': 'Ví dụ: kien moc',
  'unit.filter_kind': 'Loại đơn vị',
  'unit.kind_all': 'Tất cả',
  'unit.filter_none': 'Không có đơn vị nào khớp với “{text}”.',

  'coverage.title': 'Sóng di động và cáp quang',
  'coverage.mobile': 'Sóng di động',
  'coverage.broadband': 'Internet cáp quang',
  'coverage.none_recorded': 'Chưa có ghi nhận nào.',
  'coverage.no_signal': 'Không có sóng',
  'coverage.now': 'Hiện nay: có sóng {technology} ổn định.',
  'coverage.white_spot': 'Điểm trắng: hiện chưa có sóng 3G/4G ổn định.',
  'coverage.quality_unstable': 'chập chờn',
  'coverage.quality_stable': 'ổn định',
  'coverage.ftth_available': 'Có cáp quang đến hộ (FTTH)',
  'coverage.fiber_reaches': 'Cáp quang đến thôn, chưa đến hộ',
  'coverage.no_fiber': 'Chưa có cáp quang',

  'households.title': 'Sổ hộ gia đình',
  'households.private':
    'Thông tin từng hộ là dữ liệu cá nhân: chỉ cán bộ và tổ công nghệ số cộng đồng phụ trách thôn này mới xem được. Số liệu tổng hợp ở trên là công khai.',
  'households.login': 'Đăng nhập để xem',
  'households.out_of_scope': 'Tài khoản của bạn không phụ trách thôn này nên không xem được sổ hộ gia đình.',
  'households.search': 'Tìm hộ',
  'households.add': 'Thêm hộ',
  'households.add_title': 'Thêm hộ mới',
  'households.edit': 'Cập nhật',
  'households.edit_named': 'Cập nhật {label}',
  'households.edit_title': 'Cập nhật {label}',
  'households.edit_note': 'Mỗi lần lưu là một lần khảo sát mới theo ngày; các lần khảo sát trước vẫn được giữ.',
  'households.none': 'Chưa có hộ nào trong sổ.',
  'households.none_found': 'Không tìm thấy hộ nào.',
  'households.caption': '{village}: {total} hộ',
  'households.label': 'Hộ',
  'households.label_hint': 'Nhãn thôn vẫn dùng cho hộ, ví dụ “Hộ 012”. Không ghi tên người, số CCCD hay số điện thoại.',
  'households.error_label': 'Hãy nhập tên gọi của hộ.',
  'households.actions': 'Thao tác',
  'households.archived_badge': 'Đã lưu trữ',
  'households.saved': 'Đã lưu {label}.',
  'households.archive': 'Lưu trữ hộ',
  'households.archive_confirm': 'Lưu trữ {label}? Hộ sẽ được chuyển vào lưu trữ; lịch sử khảo sát vẫn được giữ.',
  'households.archive_yes': 'Lưu trữ',
  'households.archived': 'Đã lưu trữ {label}.',
  'households.reload': 'Tải lại sổ hộ',

  'survey.surveyedOn': 'Ngày khảo sát',
  'survey.members': 'Số nhân khẩu',
  'survey.members_short': 'Nhân khẩu',
  'survey.adults': 'Người từ 15 tuổi trở lên',
  'survey.adults_short': 'Người lớn',
  'survey.smartphoneOwners': 'Người có điện thoại thông minh',
  'survey.smartphoneOwners_short': 'Có smartphone',
  'survey.epayAdults': 'Người lớn có tài khoản thanh toán điện tử',
  'survey.epayAdults_short': 'Thanh toán điện tử',
  'survey.homeFtth': 'Nhà có Internet cáp quang (FTTH)',
  'survey.homeFtth_short': 'Cáp quang',
  'survey.vneidUsers': 'Người dùng VNeID',
  'survey.vneidUsers_short': 'VNeID',
  'survey.ehealthUsers': 'Người dùng sổ sức khỏe điện tử',
  'survey.ehealthUsers_short': 'Sức khỏe điện tử',
  'survey.bankingUsers': 'Người dùng ngân hàng số',
  'survey.bankingUsers_short': 'Ngân hàng số',
  'survey.apps_hint': 'Người dùng ứng dụng: đã kích hoạt và dùng trong 3 tháng qua. Người lớn: từ 15 tuổi trở lên.',
  'survey.error_count': 'Nhập một số nguyên từ {min} đến {max}.',
  'survey.error_date': 'Nhập ngày khảo sát.',

  'login.title': 'Đăng nhập',
  'login.intro': 'Dành cho cán bộ xã, tổ công nghệ số cộng đồng và Sở Khoa học và Công nghệ. Số liệu tổng hợp xem được mà không cần đăng nhập.',
  'login.already': 'Bạn đang đăng nhập với tên {name}.',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.busy': 'Đang đăng nhập…',

  'password.title': 'Đổi mật khẩu',
  'password.intro': 'Đặt mật khẩu mới cho tài khoản của bạn.',
  'password.required': 'Bạn đang dùng mật khẩu một lần. Hãy đặt mật khẩu mới trước khi tiếp tục.',
  'password.current': 'Mật khẩu hiện tại',
  'password.new': 'Mật khẩu mới',
  'password.repeat': 'Nhập lại mật khẩu mới',
  'password.too_short': 'Ít nhất {min} ký tự.',
  'password.mismatch': 'Hai lần nhập mật khẩu mới không giống nhau.',
  'password.submit': 'Đổi mật khẩu',

  'role.province_admin': 'Quản trị cấp tỉnh',
  'role.commune_officer': 'Cán bộ xã',
  'role.team_member': 'Tổ công nghệ số cộng đồng',
  'role.telecom_operator': 'Nhà mạng',
  'role.seller': 'Người bán',
  'role.courier': 'Người giao hàng',
  'role.dispatcher': 'Điều phối giao hàng',
  'role.national_officer': 'Cán bộ cấp quốc gia',
  'role.national_admin': 'Quản trị cấp quốc gia',
  'role.pickup_keeper': 'Người giữ điểm nhận hàng',

  'audit.title': 'Nhật ký hoạt động',
  'audit.lead': 'Mọi thay đổi dữ liệu và mọi lần truy cập bị từ chối, mới nhất trước.',
  'audit.login': 'Đăng nhập bằng tài khoản quản trị cấp tỉnh để xem nhật ký.',
  'audit.forbidden': 'Chỉ quản trị viên cấp tỉnh mới xem được nhật ký hoạt động.',
  'audit.none': 'Chưa có hoạt động nào.',
  'audit.caption': 'Nhật ký: {total} mục',
  'audit.at': 'Thời gian',
  'audit.actor': 'Người thực hiện',
  'audit.anonymous': 'Chưa đăng nhập',
  'audit.action': 'Hành động',
  'audit.entity': 'Đối tượng',
  'audit.outcome': 'Kết quả',
  'audit.outcome_ok': 'Thành công',
  'audit.outcome_denied': 'Bị từ chối',
  'audit.changes': 'Thay đổi',
  'audit.show_changes': 'Xem trước / sau',
  'audit.before': 'Trước',
  'audit.after': 'Sau',

  'footer.about': 'Bản Số: nền tảng mã nguồn mở đo lường chuyển đổi số của tỉnh.',
  'footer.version': 'Phiên bản {version} · Cơ sở dữ liệu {engine} {databaseVersion}',
  'footer.offline': 'Không kết nối được máy chủ.',
  'footer.api': 'API và tài liệu cho nhà phát triển',

  'notfound.title': 'Không tìm thấy trang',
  'notfound.text': 'Địa chỉ này không có trong Bản Số. Hãy tìm đơn vị bằng ô tìm kiếm ở trên.',
};

type ShellKey = keyof typeof vi;

/**
 * Keys of pages loaded on demand: typed here, their strings added when the page's chunk loads
 * (`addMessages`), so the shell every page starts from — the field app's too — does not carry them.
 */
type PageKey =
  | keyof typeof dashboardVi
  | keyof typeof teamActivityVi
  | keyof typeof syncReviewVi
  | keyof typeof importsVi
  | keyof typeof teamRosterVi
  | keyof typeof accountsVi
  | keyof typeof jobsVi
  | keyof typeof marketVi
  | keyof typeof shopMoneyVi
  | keyof typeof nationalVi
  | keyof typeof deliveryVi
  | keyof typeof cashVi
  | keyof typeof dateFieldVi;

export type MessageKey = ShellKey | PageKey;

const en: Record<ShellKey, string> = {
  'app.name': 'Bản Số',
  'app.tagline': 'Digital transformation from the household up',

  'nav.skip': 'Skip to main content',
  'nav.home': 'Back to the home page',
  'nav.breadcrumb': 'You are here',
  'nav.sections': 'Main sections',
  'nav.territory': 'Places',
  'nav.login': 'Log in',
  'nav.logout': 'Log out',
  'nav.audit': 'Audit log',
  'nav.jobs': 'Background jobs',
  'nav.password': 'Change password',
  'nav.my_sessions': 'My sessions',
  'nav.language': 'Ngôn ngữ / Language',
  'nav.field': 'Field work',
  'nav.dashboard': 'Dashboard',
  'nav.teams': 'Digital teams',
  'nav.imports': 'Import data',
  'nav.accounts': 'Accounts',
  'nav.delivery': 'Delivery dispatch',
  'nav.pickup': 'Pickup point',

  'status.loading': 'Loading…',
  'action.retry': 'Try again',
  'action.save': 'Save',
  'action.saving': 'Saving…',
  'action.cancel': 'Cancel',
  'common.yes': 'Yes',
  'common.no': 'No',

  'pager.previous': 'Previous',
  'pager.next': 'Next',
  'pager.range': '{first}–{last} of {total}',
  'pager.label': 'Pages: {what}',

  'error.network': 'Cannot reach the server. Check your signal and try again.',
  'error.unexpected': 'The server answered unexpectedly (status {status}). Please try again later.',
  'error.title': 'This page could not be opened',

  'search.label': 'Find a commune, ward or village',
  'search.placeholder': 'Find a place…',
  'search.results': 'Search results',
  'search.none': 'Nothing found for “{text}”.',
  'search.count': 'Results: {count}',

  'demo.badge': 'Demo data',
  'download.label': 'Downloads',
  'download.csv': 'Download CSV',
  'download.xlsx': 'Download Excel (.xlsx)',
  'demo.badge_short': 'Demo',
  'demo.banner':
    'Villages and households marked “Demo data” are generated for illustration, calibrated to the figures of the provincial report; they are not real villages or households. The names, codes and areas of communes and wards are real.',
  'report.label': 'A real village',
  'report.note':
    "A real village: it is named in Lạng Sơn province's report on digital transformation. The households in its register are still demo data, generated from the report's figures.",

  'home.lead':
    "Measuring the province's digital transformation from the household up to village, commune and province: mobile signal, fibre, and people using digital services.",

  'unit.facts': 'Key facts',
  'unit.code': 'Code',
  'unit.area': 'Area',
  'unit.area_value': '{value} km²',
  'unit.population': 'Population',
  'unit.population_note': 'Population as published at the 2025 reorganisation of local government; approximate.',
  'unit.households': 'Households',
  'unit.residents': 'Residents',
  'unit.surveyed_on': 'Latest survey',
  'unit.ethnic_groups': 'Ethnic groups',
  'unit.admin_center': 'Administrative centre',
  'unit.resolution': 'Resolution',
  'unit.map': 'See it on the map (OpenStreetMap)',
  'unit.predecessors': 'Formed from',
  'unit.predecessors_note': 'Former units merged into this commune on 01/07/2025.',
  'unit.portion_full': 'whole',
  'unit.portion_partial': 'part',
  'unit.children_communes': 'Communes and wards',
  'unit.children_villages': 'Villages',
  'unit.no_children': 'No units below this one are recorded yet.',
  'unit.filter_label': 'Filter by name',
  'unit.filter_placeholder': 'For example: kien moc',
  'unit.filter_kind': 'Type of unit',
  'unit.kind_all': 'All',
  'unit.filter_none': 'No unit matches “{text}”.',

  'coverage.title': 'Mobile signal and fibre',
  'coverage.mobile': 'Mobile signal',
  'coverage.broadband': 'Fibre broadband',
  'coverage.none_recorded': 'Nothing recorded yet.',
  'coverage.no_signal': 'No signal',
  'coverage.now': 'Today: stable {technology} signal.',
  'coverage.white_spot': 'White spot: no stable 3G/4G signal yet.',
  'coverage.quality_unstable': 'unstable',
  'coverage.quality_stable': 'stable',
  'coverage.ftth_available': 'Fibre to the home available (FTTH)',
  'coverage.fiber_reaches': 'Fibre reaches the village, not yet the homes',
  'coverage.no_fiber': 'No fibre',

  'households.title': 'Household register',
  'households.private':
    'Household records are personal data: only the officers and the community digital team responsible for this village can see them. The totals above are public.',
  'households.login': 'Log in to see them',
  'households.out_of_scope': 'Your account does not cover this village, so its household register is not shown.',
  'households.search': 'Find a household',
  'households.add': 'Add household',
  'households.add_title': 'New household',
  'households.edit': 'Update',
  'households.edit_named': 'Update {label}',
  'households.edit_title': 'Update {label}',
  'households.edit_note': 'Each save records a new dated survey; earlier surveys are kept.',
  'households.none': 'No households in the register yet.',
  'households.none_found': 'No household found.',
  'households.caption': '{village}: {total} households',
  'households.label': 'Household',
  'households.label_hint': 'The label the village already uses, e.g. “Hộ 012”. No names, ID or phone numbers.',
  'households.error_label': 'Enter a name for the household.',
  'households.actions': 'Actions',
  'households.archived_badge': 'Archived',
  'households.saved': '{label} saved.',
  'households.archive': 'Archive household',
  'households.archive_confirm': 'Archive {label}? The household moves to the archive; its survey history is kept.',
  'households.archive_yes': 'Archive',
  'households.archived': '{label} archived.',
  'households.reload': 'Reload the register',

  'survey.surveyedOn': 'Survey date',
  'survey.members': 'Members',
  'survey.members_short': 'Members',
  'survey.adults': 'Adults (15 and over)',
  'survey.adults_short': 'Adults',
  'survey.smartphoneOwners': 'Smartphone owners',
  'survey.smartphoneOwners_short': 'Smartphones',
  'survey.epayAdults': 'Adults with an e-payment account',
  'survey.epayAdults_short': 'E-payment',
  'survey.homeFtth': 'Fibre internet at home (FTTH)',
  'survey.homeFtth_short': 'Home fibre',
  'survey.vneidUsers': 'VNeID users',
  'survey.vneidUsers_short': 'VNeID',
  'survey.ehealthUsers': 'E-health record users',
  'survey.ehealthUsers_short': 'E-health',
  'survey.bankingUsers': 'Online banking users',
  'survey.bankingUsers_short': 'Banking',
  'survey.apps_hint': 'App users: activated and used in the last 3 months. Adults: aged 15 or over.',
  'survey.error_count': 'Enter a whole number from {min} to {max}.',
  'survey.error_date': 'Enter the survey date.',

  'login.title': 'Log in',
  'login.intro':
    'For commune officers, community digital teams and the provincial Department of Science and Technology. Aggregate figures are open to everyone without logging in.',
  'login.already': 'You are logged in as {name}.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.busy': 'Logging in…',

  'password.title': 'Change password',
  'password.intro': 'Choose a new password for your account.',
  'password.required': 'You are using a one-time password. Choose a new one before you continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.repeat': 'New password again',
  'password.too_short': 'At least {min} characters.',
  'password.mismatch': 'The two new passwords are not the same.',
  'password.submit': 'Change password',

  'role.province_admin': 'Province administrator',
  'role.commune_officer': 'Commune officer',
  'role.team_member': 'Community digital team',
  'role.telecom_operator': 'Telecom operator',
  'role.seller': 'Seller',
  'role.courier': 'Courier',
  'role.dispatcher': 'Delivery dispatcher',
  'role.national_officer': 'National officer',
  'role.national_admin': 'National administrator',
  'role.pickup_keeper': 'Pickup point keeper',

  'audit.title': 'Audit log',
  'audit.lead': 'Every change to the data and every refused access, newest first.',
  'audit.login': 'Log in with a province administrator account to see the log.',
  'audit.forbidden': 'Only province administrators can see the audit log.',
  'audit.none': 'Nothing recorded yet.',
  'audit.caption': 'Audit log: {total} entries',
  'audit.at': 'Time',
  'audit.actor': 'Who',
  'audit.anonymous': 'Not logged in',
  'audit.action': 'Action',
  'audit.entity': 'Record',
  'audit.outcome': 'Outcome',
  'audit.outcome_ok': 'Done',
  'audit.outcome_denied': 'Refused',
  'audit.changes': 'Changes',
  'audit.show_changes': 'Before / after',
  'audit.before': 'Before',
  'audit.after': 'After',

  'footer.about': "Bản Số: an open-source platform measuring a province's digital transformation.",
  'footer.version': 'Version {version} · Database {engine} {databaseVersion}',
  'footer.offline': 'The server cannot be reached.',
  'footer.api': 'API and developer documentation',

  'notfound.title': 'Page not found',
  'notfound.text': 'There is nothing at this address in Bản Số. Find a unit with the search box above.',
};

export const dictionaries: Record<Lang, Partial<Record<MessageKey, string>>> = { vi: { ...vi }, en: { ...en } };

/** A page's strings, from its own chunk: both languages, every key (the types hold it to that). */
export function addMessages<K extends PageKey>(pageVi: Record<K, string>, pageEn: Record<K, string>): void {
  Object.assign(dictionaries.vi, pageVi);
  Object.assign(dictionaries.en, pageEn);
}

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  // A page's key before its chunk has loaded shows as the key, never as a blank or a crash.
  return (dictionaries[lang][key] ?? key).replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** Both languages at once, for messages made on the client that travel like the server's (errors). */
export function messagesFor(key: MessageKey, params?: Params): Message {
  return { vi: translate('vi', key, params), en: translate('en', key, params) };
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  /** Picks the current language from a message the server sent in both. */
  text: (message: Message) => string;
  setLang: (lang: Lang) => void;
}

export function createI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return { lang, t: (key, params) => translate(lang, key, params), text: (message) => message[lang] || message.vi, setLang };
}

const STORAGE_KEY = 'banso.lang';

/** The saved choice, else Vietnamese; storage can be unavailable (private browsing, old WebViews). */
export function storedLang(): Lang {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits, but the switch still works for this one.
  }
}

export const I18nContext = createContext<I18n>(createI18n('vi', () => undefined));

export const useI18n = (): I18n => useContext(I18nContext);
