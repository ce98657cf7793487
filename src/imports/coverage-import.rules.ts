import { z } from 'zod';
import { broadbandRecord, checkBroadband, checkObservedOn, mobileCoverageRecord } from '../coverage/index.ts';
import { LEVEL } from '../territory/index.ts';
import { choice, date, lowerCode, villageCodeCell, yesNo, type ImportKind } from './import.rules.ts';

/** One coverage record per row, mobile or fixed broadband: the API's records, with the village. */
const mobileRow = z.object({
  type: z.literal('di_dong'),
  villageCode: z.string(),
  ...mobileCoverageRecord.pick({ operatorCode: true, technology: true, quality: true, observedOn: true }).shape,
});
const broadbandRow = z.object({
  type: z.literal('co_dinh'),
  villageCode: z.string(),
  ...broadbandRecord.pick({ operatorCode: true, fiberReaches: true, ftthAvailable: true, observedOn: true }).shape,
});
const coverageRow = z.discriminatedUnion('type', [mobileRow, broadbandRow]);

export type CoverageImport = z.infer<typeof coverageRow>;
export type MobileImport = z.infer<typeof mobileRow>;
export type BroadbandImport = z.infer<typeof broadbandRow>;

export const COVERAGE_IMPORT: ImportKind<CoverageImport> = {
  name: 'coverage',
  sheetName: 'Vung phu song',
  columns: [
    { field: 'villageCode', header: 'ma_thon', aliases: ['village_code', 'village'], codec: villageCodeCell },
    { field: 'operatorCode', header: 'nha_mang', aliases: ['operator', 'operator_code'], codec: lowerCode },
    {
      field: 'type',
      header: 'loai',
      aliases: ['type', 'kind'],
      codec: choice({ di_dong: { vi: 'di động', aliases: ['mobile'] }, co_dinh: { vi: 'cố định', aliases: ['fixed', 'broadband', 'bang rong co dinh'] } }),
    },
    {
      field: 'technology',
      header: 'cong_nghe',
      aliases: ['technology'],
      codec: choice({ '2G': { vi: '2G' }, '3G': { vi: '3G' }, '4G': { vi: '4G', aliases: ['lte'] }, '5G': { vi: '5G' } }),
      optional: true,
    },
    {
      field: 'quality',
      header: 'chat_luong',
      aliases: ['quality'],
      codec: choice({ none: { vi: 'không có', aliases: ['khong'] }, unstable: { vi: 'chập chờn', aliases: ['khong on dinh'] }, stable: { vi: 'ổn định' } }),
      optional: true,
    },
    { field: 'fiberReaches', header: 'cap_quang_den_thon', aliases: ['fiber_reaches', 'fibre_reaches'], codec: yesNo, optional: true },
    { field: 'ftthAvailable', header: 'ftth', aliases: ['ftth_available'], codec: yesNo, optional: true },
    { field: 'observedOn', header: 'ngay', aliases: ['observed_on', 'date', 'Ngày quan sát'], codec: date },
  ],
  schema: coverageRow,
  check: (r, today) => [...checkObservedOn(r.observedOn, today), ...(r.type === 'co_dinh' ? checkBroadband(r) : [])],
  // The same keys as the tables' unique constraints: one state per day.
  key: (r) =>
    r.type === 'di_dong'
      ? `${r.type}|${r.villageCode}|${r.operatorCode}|${r.technology}|${r.observedOn}`
      : `${r.type}|${r.villageCode}|${r.operatorCode}|${r.observedOn}`,
  duplicate: { field: 'observedOn', sameness: { vi: 'cùng thôn, nhà mạng, loại, công nghệ và ngày', en: 'same village, operator, type, technology and date' } },
  unit: { field: 'villageCode', level: LEVEL.village },
  example: { type: 'di_dong', villageCode: '06625001', operatorCode: 'viettel', technology: '4G', quality: 'stable', observedOn: '2022-09-15' },
};
