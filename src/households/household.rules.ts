import type { Issue } from '../platform/errors.ts';
import type { Survey } from './household.schema.ts';

/** A rule over one survey: the bound it guards, and what to say when it is broken. */
interface SurveyRule {
  code: string;
  field: keyof Survey;
  holds: (s: Survey, today: string) => boolean;
  vi: string;
  en: string;
}

// The validation rules of the indicator catalogue, checked on every write (form, API, import).
const RULES: readonly SurveyRule[] = [
  {
    code: 'household.adults_exceed_members',
    field: 'adults',
    holds: (s) => s.adults <= s.members,
    vi: 'Số người từ 15 tuổi không thể lớn hơn số nhân khẩu.',
    en: 'Adults cannot outnumber members.',
  },
  {
    code: 'household.smartphones_exceed_members',
    field: 'smartphoneOwners',
    holds: (s) => s.smartphoneOwners <= s.members,
    vi: 'Số người có điện thoại thông minh không thể lớn hơn số nhân khẩu.',
    en: 'Smartphone owners cannot outnumber members.',
  },
  {
    code: 'household.epay_exceeds_adults',
    field: 'epayAdults',
    holds: (s) => s.epayAdults <= s.adults,
    vi: 'Số người lớn có tài khoản thanh toán điện tử không thể lớn hơn số người lớn.',
    en: 'Adults with an e-payment account cannot outnumber adults.',
  },
  {
    code: 'household.vneid_exceeds_smartphones',
    field: 'vneidUsers',
    holds: (s) => s.vneidUsers <= s.smartphoneOwners,
    vi: 'Số người dùng VNeID không thể lớn hơn số người có điện thoại thông minh.',
    en: 'VNeID users cannot outnumber smartphone owners.',
  },
  {
    code: 'household.ehealth_exceeds_smartphones',
    field: 'ehealthUsers',
    holds: (s) => s.ehealthUsers <= s.smartphoneOwners,
    vi: 'Số người dùng sổ sức khỏe điện tử không thể lớn hơn số người có điện thoại thông minh.',
    en: 'E-health record users cannot outnumber smartphone owners.',
  },
  {
    code: 'household.banking_exceeds_smartphones',
    field: 'bankingUsers',
    holds: (s) => s.bankingUsers <= s.smartphoneOwners,
    vi: 'Số người dùng ngân hàng số không thể lớn hơn số người có điện thoại thông minh.',
    en: 'Online-banking users cannot outnumber smartphone owners.',
  },
  {
    code: 'household.survey_in_future',
    field: 'surveyedOn',
    holds: (s, today) => s.surveyedOn <= today,
    vi: 'Ngày khảo sát không thể ở tương lai.',
    en: 'The survey date cannot be in the future.',
  },
  {
    code: 'household.survey_too_old',
    field: 'surveyedOn',
    holds: (s) => s.surveyedOn >= '2000-01-01',
    vi: 'Ngày khảo sát phải từ năm 2000 trở đi.',
    en: 'The survey date must be in 2000 or later.',
  },
];

/** Every broken rule of a survey (empty when it is consistent); `today` is Vietnam's date. */
export function checkSurvey(survey: Survey, today: string): Issue[] {
  return RULES.filter((rule) => !rule.holds(survey, today)).map((rule) => ({
    code: rule.code,
    field: rule.field,
    message: { vi: rule.vi, en: rule.en },
  }));
}
