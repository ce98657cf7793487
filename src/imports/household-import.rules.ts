import { z } from 'zod';
import { checkSurvey, householdLabel, survey } from '../households/index.ts';
import { LEVEL } from '../territory/index.ts';
import { date, integer, text, villageCodeCell, yesNo, type ImportKind } from './import.rules.ts';

/** One household survey per row: the API's survey, with the village and the household's label. */
const householdRow = z.object({ villageCode: z.string(), label: householdLabel, ...survey.shape });

export type HouseholdImport = z.infer<typeof householdRow>;

export const HOUSEHOLD_IMPORT: ImportKind<HouseholdImport> = {
  name: 'households',
  sheetName: 'Ho gia dinh',
  columns: [
    { field: 'villageCode', header: 'ma_thon', aliases: ['village_code', 'village'], codec: villageCodeCell },
    { field: 'label', header: 'nhan_ho', aliases: ['household', 'label'], codec: text },
    { field: 'surveyedOn', header: 'ngay_khao_sat', aliases: ['surveyed_on', 'survey_date', 'date'], codec: date },
    { field: 'members', header: 'so_nhan_khau', aliases: ['members'], codec: integer },
    { field: 'adults', header: 'so_nguoi_lon', aliases: ['adults'], codec: integer },
    { field: 'smartphoneOwners', header: 'so_nguoi_co_smartphone', aliases: ['smartphone_owners', 'Số người có điện thoại thông minh'], codec: integer },
    { field: 'epayAdults', header: 'so_nguoi_lon_co_tk_thanh_toan', aliases: ['epay_adults', 'Số người lớn có tài khoản thanh toán'], codec: integer },
    { field: 'homeFtth', header: 'cap_quang_tai_nha', aliases: ['home_ftth'], codec: yesNo },
    { field: 'vneidUsers', header: 'so_nguoi_dung_vneid', aliases: ['vneid_users'], codec: integer },
    { field: 'ehealthUsers', header: 'so_nguoi_dung_so_suc_khoe', aliases: ['ehealth_users', 'Số người dùng Sổ sức khỏe điện tử'], codec: integer },
    { field: 'bankingUsers', header: 'so_nguoi_dung_ngan_hang_so', aliases: ['banking_users'], codec: integer },
  ],
  schema: householdRow,
  check: checkSurvey,
  key: (r) => `${r.villageCode}|${r.label}|${r.surveyedOn}`,
  duplicate: { field: 'label', sameness: { vi: 'cùng thôn, nhãn hộ và ngày khảo sát', en: 'same village, household label and survey date' } },
  unit: { field: 'villageCode', level: LEVEL.village },
  example: {
    villageCode: '06625001',
    label: 'Hộ 001',
    surveyedOn: '2025-06-30',
    members: 6,
    adults: 4,
    smartphoneOwners: 3,
    epayAdults: 2,
    homeFtth: true,
    vneidUsers: 3,
    ehealthUsers: 2,
    bankingUsers: 2,
  },
};
