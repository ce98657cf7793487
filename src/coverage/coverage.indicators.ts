import type { DataSource, LeafValue } from '../indicators/index.ts';
import { declareIndicators, type IndicatorDeclaration } from '../indicators/index.ts';
import type { ValidationRule } from '../indicators/index.ts';
import { unpivot } from '../indicators/index.ts';
import { summariseSurveysOnce } from '../households/index.ts';
import { summariseCommuneFacts, summariseVillageCoverage } from './coverage.repository.ts';

/** Residents are counted where they live, covered or not (ITU i271G), from the household register. */
const COVERED_BY = { RES_COVERED_3G: 3, RES_COVERED_4G: 4, RES_COVERED_5G: 5 } as const;

export const villageCoverageSource: DataSource = {
  name: 'village-coverage',
  leafLevel: 'village',
  elements: [
    { code: 'VILLAGES', name: { vi: 'Thôn/bản', en: 'Villages' } },
    { code: 'VILLAGES_WITH_COVERAGE_DATA', name: { vi: 'Thôn/bản có dữ liệu phủ sóng', en: 'Villages with coverage data' } },
    { code: 'VILLAGES_WITHOUT_MOBILE', name: { vi: 'Thôn/bản chưa có sóng 3G/4G ổn định', en: 'Villages without stable 3G/4G' } },
    { code: 'VILLAGES_WITHOUT_BROADBAND', name: { vi: 'Thôn/bản chưa có cáp quang', en: 'Villages without fixed broadband' } },
    { code: 'RES_COVERED_3G', name: { vi: 'Nhân khẩu được phủ sóng từ 3G', en: 'Residents covered by 3G or better' } },
    { code: 'RES_COVERED_4G', name: { vi: 'Nhân khẩu được phủ sóng từ 4G', en: 'Residents covered by 4G or better' } },
    { code: 'RES_COVERED_5G', name: { vi: 'Nhân khẩu được phủ sóng 5G', en: 'Residents covered by 5G' } },
  ],
  reads: ['RESIDENTS'],
  reporting: { reported: 'VILLAGES_WITH_COVERAGE_DATA', expected: 'VILLAGES' },
  // Residents covered are the surveyed households' members.
  smallCells: { households: 'HOUSEHOLDS', elements: ['RES_COVERED_3G', 'RES_COVERED_4G', 'RES_COVERED_5G'] },
  async compute(db, years, villages, shared) {
    const [coverage, surveys] = await Promise.all([summariseVillageCoverage(db, years, villages), summariseSurveysOnce(shared, db, years, villages)]);
    const residents = new Map(surveys.map((s) => [`${s.org_unit_code}|${s.year}`, s.residents]));
    const values: LeafValue[] = unpivot(
      coverage.map((c) => ({
        ...c,
        one: 1,
        with_data: c.has_record ? 1 : 0,
        without_mobile: c.best_stable < 3 ? 1 : 0,
        without_broadband: c.fiber_reaches ? 0 : 1,
      })),
      { one: 'VILLAGES', with_data: 'VILLAGES_WITH_COVERAGE_DATA', without_mobile: 'VILLAGES_WITHOUT_MOBILE', without_broadband: 'VILLAGES_WITHOUT_BROADBAND' },
    );
    // Null is not zero: a village with no survey that year has no resident count, so no covered residents.
    for (const c of coverage) {
      const people = residents.get(`${c.org_unit_code}|${c.year}`);
      if (people === undefined) continue;
      for (const [dataElement, generation] of Object.entries(COVERED_BY)) {
        values.push({ dataElement, orgUnitCode: c.org_unit_code, period: String(c.year), value: c.best_stable >= generation ? people : 0 });
      }
    }
    return values;
  },
};

export const communeInfrastructureSource: DataSource = {
  name: 'commune-infrastructure',
  leafLevel: 'commune',
  elements: [
    { code: 'COMMUNES', name: { vi: 'Xã/phường', en: 'Communes and wards' } },
    { code: 'COMMUNES_REPORTING_FIBER', name: { vi: 'Xã/phường có dữ liệu cáp quang', en: 'Communes with fibre data' } },
    { code: 'COMMUNES_WITH_FIBER', name: { vi: 'Xã/phường có điểm kết nối cáp quang', en: 'Communes with a fibre point of presence' } },
    { code: 'SMARTPHONE_SUBSCRIPTIONS', name: { vi: 'Thuê bao điện thoại thông minh', en: 'Smartphone subscriptions' } },
  ],
  reporting: { reported: 'COMMUNES_REPORTING_FIBER', expected: 'COMMUNES' },
  async compute(db, years, communes) {
    const rows = await summariseCommuneFacts(db, years, communes);
    const values = unpivot(
      rows.map((r) => ({ ...r, one: 1, reporting: r.has_fiber_record ? 1 : 0, with_fiber: r.has_point_of_presence ? 1 : 0 })),
      { one: 'COMMUNES', reporting: 'COMMUNES_REPORTING_FIBER', with_fiber: 'COMMUNES_WITH_FIBER' },
    );
    for (const r of rows) {
      if (r.smartphone_subscriptions !== null)
        values.push({ dataElement: 'SMARTPHONE_SUBSCRIPTIONS', orgUnitCode: r.org_unit_code, period: String(r.year), value: r.smartphone_subscriptions });
    }
    return values;
  },
};

/** What a coverage record feeds, at a village or at a commune. */
export const COVERAGE_ELEMENTS: readonly string[] = [villageCoverageSource, communeInfrastructureSource].flatMap((s) => s.elements.map((e) => e.code));

const coverageShare = (generation: '3G' | '4G' | '5G', reference: string | null): IndicatorDeclaration => ({
  code: `COV_${generation}_POP`,
  name: { vi: `Dân số được phủ sóng từ ${generation} (%)`, en: `Population covered by at least ${generation} (%)` },
  definition: {
    vi: `Nhân khẩu của các thôn/bản có sóng ${generation} trở lên ổn định (tốt nhất trong các nhà mạng) / nhân khẩu; tính theo nơi ở, có thuê bao hay không.`,
    en: `Residents of villages with stable ${generation} or better (best of all operators) / residents; counted where people live, subscriber or not.`,
  },
  reference,
  numerator: `RES_COVERED_${generation}`,
  denominator: 'RESIDENTS',
  factor: 100,
  decimals: 1,
});

export const coverageIndicators = declareIndicators('coverage', { timeAggregation: 'stock' }, [
  coverageShare('3G', 'ITU i271G, SDG 9.c.1'),
  coverageShare('4G', 'ITU i271GA'),
  coverageShare('5G', null),
  {
    code: 'VIL_NO_MOBILE',
    name: { vi: 'Thôn/bản chưa có sóng 3G/4G ổn định', en: 'Villages without stable 3G/4G' },
    definition: {
      vi: 'Thôn/bản mà công nghệ ổn định tốt nhất (mọi nhà mạng) dưới 3G; “chập chờn” theo trường chất lượng của bản ghi phủ sóng.',
      en: 'Villages whose best stable technology (any operator) is below 3G; "unstable" is the coverage record’s quality field.',
    },
    reference: 'village-level i271G',
    numerator: 'VILLAGES_WITHOUT_MOBILE',
    higherIsBetter: false,
  },
  {
    code: 'VIL_NO_BROADBAND',
    name: { vi: 'Thôn/bản chưa có cáp quang', en: 'Villages without fixed broadband' },
    definition: { vi: 'Thôn/bản chưa có cáp quang của nhà mạng nào.', en: 'Villages no operator’s fibre reaches.' },
    numerator: 'VILLAGES_WITHOUT_BROADBAND',
    higherIsBetter: false,
  },
  {
    code: 'COM_FIBER',
    name: { vi: 'Xã/phường có cáp quang (%)', en: 'Communes with fibre broadband (%)' },
    definition: { vi: 'Xã/phường có điểm kết nối cáp quang / số xã/phường.', en: 'Communes with a fibre point of presence / communes.' },
    numerator: 'COMMUNES_WITH_FIBER',
    denominator: 'COMMUNES',
    factor: 100,
    decimals: 1,
  },
  {
    code: 'SUB_SMARTPHONE',
    name: { vi: 'Thuê bao điện thoại thông minh', en: 'Smartphone subscribers' },
    definition: { vi: 'Số thuê bao do nhà mạng báo cáo (thuê bao, không phải số người).', en: 'Operator-reported count: subscriptions, not people.' },
    reference: 'close to ITU i271mw',
    numerator: 'SMARTPHONE_SUBSCRIPTIONS',
  },
]);

export const coverageValidationRules: ValidationRule[] = [
  {
    code: 'coverage.covered_within_residents',
    leftSide: 'RES_COVERED_3G',
    operator: '<=',
    rightSide: 'RESIDENTS',
    description: { vi: 'Nhân khẩu được phủ sóng ≤ nhân khẩu', en: 'Residents covered ≤ residents' },
  },
  {
    code: 'coverage.4g_within_3g',
    leftSide: 'RES_COVERED_4G',
    operator: '<=',
    rightSide: 'RES_COVERED_3G',
    description: { vi: 'Phủ sóng 4G ≤ phủ sóng 3G trở lên', en: '4G coverage ≤ 3G-or-better coverage' },
  },
  {
    code: 'coverage.fibre_communes_within_communes',
    leftSide: 'COMMUNES_WITH_FIBER',
    operator: '<=',
    rightSide: 'COMMUNES',
    description: { vi: 'Xã có cáp quang ≤ số xã', en: 'Communes with fibre ≤ communes' },
  },
];
