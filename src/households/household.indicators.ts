import type { Db } from '../platform/database.ts';
import type { DataSource, SharedWork } from '../indicators/index.ts';
import { declareIndicators } from '../indicators/index.ts';
import type { ValidationRule } from '../indicators/index.ts';
import { unpivot } from '../indicators/index.ts';
import { summariseSurveys, type VillageYearSummary } from './household.repository.ts';

/**
 * The survey summary once per indicator computation: this module's source and the coverage
 * source (residents covered) both need it, and it is the costliest query of a full rebuild.
 */
export function summariseSurveysOnce(shared: SharedWork, db: Db, years: readonly number[], villages?: readonly string[]): Promise<VillageYearSummary[]> {
  return shared.once('households.surveys', () => summariseSurveys(db, years, villages));
}

/** The household register's data elements, from each household's latest survey of the year. */
export const householdSource: DataSource = {
  name: 'households',
  leafLevel: 'village',
  elements: [
    { code: 'VILLAGES_REPORTED', name: { vi: 'Thôn/bản có khảo sát hộ', en: 'Villages with household surveys' } },
    { code: 'HOUSEHOLDS', name: { vi: 'Hộ gia đình được khảo sát', en: 'Households surveyed' } },
    { code: 'RESIDENTS', name: { vi: 'Nhân khẩu', en: 'Residents' } },
    { code: 'ADULTS', name: { vi: 'Người từ 15 tuổi', en: 'Adults (15+)' } },
    { code: 'SMARTPHONE_OWNERS', name: { vi: 'Người có điện thoại thông minh', en: 'Smartphone owners' } },
    { code: 'HOUSEHOLDS_WITH_SMARTPHONE', name: { vi: 'Hộ có điện thoại thông minh', en: 'Households with a smartphone' } },
    { code: 'EPAY_ADULTS', name: { vi: 'Người lớn có tài khoản thanh toán điện tử', en: 'Adults with an e-payment account' } },
    { code: 'HOUSEHOLDS_WITH_EPAY', name: { vi: 'Hộ có tài khoản thanh toán điện tử', en: 'Households with an e-payment account' } },
    { code: 'HOUSEHOLDS_WITH_FTTH', name: { vi: 'Hộ có cáp quang tại nhà', en: 'Households with home fibre' } },
    { code: 'VNEID_USERS', name: { vi: 'Người dùng VNeID', en: 'VNeID users' } },
    { code: 'EHEALTH_USERS', name: { vi: 'Người dùng sổ sức khỏe điện tử', en: 'E-health record users' } },
    { code: 'BANKING_USERS', name: { vi: 'Người dùng ngân hàng số', en: 'Online-banking users' } },
  ],
  reporting: { reported: 'VILLAGES_REPORTED', expected: 'VILLAGES' },
  smallCells: {
    households: 'HOUSEHOLDS',
    elements: [
      'HOUSEHOLDS',
      'RESIDENTS',
      'ADULTS',
      'SMARTPHONE_OWNERS',
      'HOUSEHOLDS_WITH_SMARTPHONE',
      'EPAY_ADULTS',
      'HOUSEHOLDS_WITH_EPAY',
      'HOUSEHOLDS_WITH_FTTH',
      'VNEID_USERS',
      'EHEALTH_USERS',
      'BANKING_USERS',
    ],
  },
  async compute(db, years, villages, shared) {
    const rows = await summariseSurveysOnce(shared, db, years, villages);
    return unpivot(
      rows.map((r) => ({ ...r, reported: 1 })),
      {
        reported: 'VILLAGES_REPORTED',
        households: 'HOUSEHOLDS',
        residents: 'RESIDENTS',
        adults: 'ADULTS',
        smartphone_owners: 'SMARTPHONE_OWNERS',
        households_with_smartphone: 'HOUSEHOLDS_WITH_SMARTPHONE',
        epay_adults: 'EPAY_ADULTS',
        households_with_epay: 'HOUSEHOLDS_WITH_EPAY',
        households_with_ftth: 'HOUSEHOLDS_WITH_FTTH',
        vneid_users: 'VNEID_USERS',
        ehealth_users: 'EHEALTH_USERS',
        banking_users: 'BANKING_USERS',
      },
    );
  },
};

/** What a household's survey feeds: a registration, a survey, an archive name these. */
export const SURVEY_ELEMENTS: readonly string[] = householdSource.elements.map((e) => e.code);

/**
 * What a change to a survey's adoption counts alone feeds (a support visit within the survey's
 * year): the counts of people and households stay, so nothing that reads residents is recomputed.
 */
export const ADOPTION_ELEMENTS: readonly string[] = ['EPAY_ADULTS', 'HOUSEHOLDS_WITH_EPAY', 'VNEID_USERS', 'EHEALTH_USERS', 'BANKING_USERS'];

const ofSmartphoneUsers = {
  vi: 'Trong số người có điện thoại thông minh, số người đã kích hoạt và dùng trong 3 tháng qua',
  en: 'Of smartphone owners, those who activated it and used it in the last 3 months',
};

/** The adoption indicators of the catalogue (PRODUCT.md §3), counted from the register. */
export const householdIndicators = declareIndicators('households', { timeAggregation: 'stock', factor: 100, decimals: 1 }, [
  {
    code: 'HH_FIBER',
    name: { vi: 'Hộ có cáp quang tại nhà (%)', en: 'Households with fibre at home (%)' },
    definition: {
      vi: 'Hộ có thuê bao FTTH đang hoạt động / số hộ (theo hộ, không chia thuê bao cho hộ — cách đó phóng đại).',
      en: 'Households with an active home FTTH subscription / households (household-level, not subscriptions ÷ households, which overstates uptake).',
    },
    reference: 'ITU HH6/HH11 (survey), i4213tfbb (admin)',
    numerator: 'HOUSEHOLDS_WITH_FTTH',
    denominator: 'HOUSEHOLDS',
  },
  {
    code: 'HH_SMARTPHONE',
    name: { vi: 'Hộ có ít nhất một điện thoại thông minh (%)', en: 'Households with at least one smartphone (%)' },
    definition: {
      vi: 'Hộ có ít nhất một người sở hữu điện thoại thông minh / số hộ.',
      en: 'Households where at least one member owns a smartphone / households.',
    },
    reference: 'close to ITU HH3',
    numerator: 'HOUSEHOLDS_WITH_SMARTPHONE',
    denominator: 'HOUSEHOLDS',
  },
  {
    code: 'ADULT_EPAY',
    name: { vi: 'Người lớn có tài khoản thanh toán điện tử (%)', en: 'Adults with an e-payment account (%)' },
    definition: {
      vi: 'Người từ 15 tuổi có tài khoản tại ngân hàng, tổ chức tài chính khác hoặc ví/Mobile Money / người từ 15 tuổi.',
      en: 'Adults (15+) with an account at a bank, other financial institution or mobile money / adults 15+.',
    },
    reference: 'Findex FX.OWN.TOTL.ZS, SDG 8.10.2',
    numerator: 'EPAY_ADULTS',
    denominator: 'ADULTS',
  },
  {
    code: 'HH_EPAY',
    name: { vi: 'Hộ có tài khoản thanh toán điện tử (%)', en: 'Households with an e-payment account (%)' },
    definition: {
      vi: 'Hộ có ít nhất một người lớn có tài khoản thanh toán điện tử / số hộ.',
      en: 'Households with at least one adult holding an e-payment account / households.',
    },
    numerator: 'HOUSEHOLDS_WITH_EPAY',
    denominator: 'HOUSEHOLDS',
  },
  {
    code: 'APP_VNEID',
    name: { vi: 'Người dùng điện thoại thông minh dùng VNeID (%)', en: 'Smartphone users using VNeID (%)' },
    definition: ofSmartphoneUsers,
    reference: 'close to ITU HH9',
    numerator: 'VNEID_USERS',
    denominator: 'SMARTPHONE_OWNERS',
  },
  {
    code: 'APP_EHEALTH',
    name: { vi: 'Người dùng điện thoại thông minh dùng sổ sức khỏe điện tử (%)', en: 'Smartphone users using the e-health record (%)' },
    definition: ofSmartphoneUsers,
    reference: 'close to ITU HH9',
    numerator: 'EHEALTH_USERS',
    denominator: 'SMARTPHONE_OWNERS',
  },
  {
    code: 'APP_BANKING',
    name: { vi: 'Người dùng điện thoại thông minh dùng ngân hàng số (%)', en: 'Smartphone users using online banking (%)' },
    definition: ofSmartphoneUsers,
    reference: 'close to ITU HH9',
    numerator: 'BANKING_USERS',
    denominator: 'SMARTPHONE_OWNERS',
  },
]);

/** The catalogue's validation rules over the register's data elements (PRODUCT.md §3). */
export const householdValidationRules: ValidationRule[] = [
  {
    code: 'households.smartphone_households_within_households',
    leftSide: 'HOUSEHOLDS_WITH_SMARTPHONE',
    operator: '<=',
    rightSide: 'HOUSEHOLDS',
    description: { vi: 'Hộ có điện thoại thông minh ≤ số hộ', en: 'Households with a smartphone ≤ households' },
  },
  {
    code: 'households.adults_within_residents',
    leftSide: 'ADULTS',
    operator: '<=',
    rightSide: 'RESIDENTS',
    description: { vi: 'Người từ 15 tuổi ≤ nhân khẩu', en: 'Adults ≤ residents' },
  },
  {
    code: 'households.smartphone_owners_within_residents',
    leftSide: 'SMARTPHONE_OWNERS',
    operator: '<=',
    rightSide: 'RESIDENTS',
    description: { vi: 'Người dùng điện thoại thông minh ≤ nhân khẩu', en: 'Smartphone users ≤ residents' },
  },
  {
    code: 'households.epay_within_adults',
    leftSide: 'EPAY_ADULTS',
    operator: '<=',
    rightSide: 'ADULTS',
    description: { vi: 'Người lớn có tài khoản thanh toán ≤ người lớn', en: 'Adults with an e-payment account ≤ adults' },
  },
  {
    code: 'households.fibre_households_within_households',
    leftSide: 'HOUSEHOLDS_WITH_FTTH',
    operator: '<=',
    rightSide: 'HOUSEHOLDS',
    description: { vi: 'Hộ có cáp quang ≤ số hộ', en: 'Households with fibre ≤ households' },
  },
  {
    code: 'households.app_users_within_smartphone_owners',
    leftSide: 'VNEID_USERS',
    operator: '<=',
    rightSide: 'SMARTPHONE_OWNERS',
    description: { vi: 'Người dùng VNeID ≤ người có điện thoại thông minh', en: 'VNeID users ≤ smartphone owners' },
  },
];
