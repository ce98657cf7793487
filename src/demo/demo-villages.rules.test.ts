import { describe, expect, it } from 'vitest';
import { demoTargets } from './demo.rules.ts';
import { describeCommunes, HIN_DAM, LANG_DONG, MAX_VILLAGES_PER_COMMUNE, MIN_HOUSEHOLDS_PER_VILLAGE, planVillages } from './demo-villages.rules.ts';
import { readDemoData } from './generate-demo-province.ts';
import { createRandom } from '../platform/seeded-random.ts';
import { langSonFacts } from '../../testing/test-demo-plan.ts';

const { province, communes: facts } = langSonFacts();
const communes = describeCommunes(province, facts);
const plan = (scale: number) => planVillages({ communes, traits: readDemoData().traits, targets: demoTargets(scale), random: createRandom(1, 'villages') });

describe('demo communes', () => {
  it('estimates the truncated populations from the area at the provincial density', () => {
    const nhatHoa = communes.find((c) => c.code === LANG_DONG.communeCode);
    expect(nhatHoa?.population).toBeNull();
    expect(nhatHoa?.weight).toBe(Math.round((nhatHoa?.areaKm2 ?? 0) * (province.population / province.areaKm2)));
  });

  it('makes the wards towns and the sparsest communes the most remote', () => {
    expect(communes.filter((c) => c.landscape === 'ward').map((c) => c.kind)).toEqual(['phuong', 'phuong', 'phuong', 'phuong']);
    const remotest = [...communes].sort((a, b) => b.remoteness - a.remoteness)[0];
    expect(remotest?.code).toBe(HIN_DAM.communeCode);
  });
});

describe('demo villages at scale 1', () => {
  const villages = plan(1);

  it('number about 1,680, at least one in each commune, spread by population', () => {
    expect(villages).toHaveLength(1680);
    const perCommune = new Map<string, number>();
    for (const v of villages) perCommune.set(v.communeCode, (perCommune.get(v.communeCode) ?? 0) + 1);
    expect(perCommune.size).toBe(65);
    const dongKinh = perCommune.get('05977') ?? 0;
    const quanSon = perCommune.get('06517') ?? 0;
    expect(dongKinh).toBeGreaterThan(quanSon);
  });

  it('take the commune code and a three-digit number, and a path under the commune', () => {
    expect(new Set(villages.map((v) => v.code)).size).toBe(villages.length);
    for (const v of villages) {
      expect(v.code).toMatch(new RegExp(`^${v.communeCode}\\d{3}$`));
      expect(v.path).toBe(`20.${v.communeCode}.${v.code}`);
    }
  });

  it('have names unique within their commune, their kind word in front', () => {
    const names = new Set(villages.map((v) => `${v.communeCode}/${v.name}`));
    expect(names.size).toBe(villages.length);
    for (const v of villages) {
      if (v.kind === 'khoi_pho') expect(v.fullName).toMatch(/^Khối \d+$/);
      else expect(v.fullName).toBe(`${v.kind === 'ban' ? 'Bản' : 'Thôn'} ${v.name}`);
    }
  });

  it('are quarters in the wards and mostly "bản" in the highlands', () => {
    const kindsIn = (landscape: string) => villages.filter((v) => v.landscape === landscape && v.isDemo).map((v) => v.kind);
    expect(new Set(kindsIn('ward'))).toEqual(new Set(['khoi_pho']));
    const highland = kindsIn('highland');
    const lowland = kindsIn('lowland');
    expect(highland.filter((k) => k === 'ban').length / highland.length).toBeGreaterThan(0.6);
    expect(lowland.filter((k) => k === 'thon').length / lowland.length).toBeGreaterThan(0.7);
  });

  it('lie near their commune centre', () => {
    for (const v of villages) {
      const c = communes.find((x) => x.code === v.communeCode);
      expect(Math.abs(v.latitude - (c?.latitude ?? 0))).toBeLessThanOrEqual(0.05);
      expect(Math.abs(v.longitude - (c?.longitude ?? 0))).toBeLessThanOrEqual(0.05);
    }
  });

  it('are mostly Nùng and Tày, with Kinh and Dao', () => {
    const first = (group: string) => villages.filter((v) => v.ethnicGroups[0] === group).length / villages.length;
    expect(first('Nùng')).toBeGreaterThan(first('Kinh'));
    expect(first('Tày')).toBeGreaterThan(first('Dao'));
    expect(first('Dao')).toBeGreaterThan(0);
  });

  it('include the two real villages of the report, not marked as demo, and mark every other', () => {
    const real = villages.filter((v) => !v.isDemo);
    expect(real.map((v) => [v.code, v.fullName, v.ethnicGroups])).toEqual([
      ['06376001', 'Bản Lăng Đồng', ['Dao']],
      ['06625001', 'Bản Hin Đăm', ['Dao']],
    ]);
    expect(real.every((v) => String(v.details.source).includes('Báo Lạng Sơn'))).toBe(true);
  });

  it('hold exactly the households of the province, Hin Đăm its 55', () => {
    expect(villages.reduce((s, v) => s + v.households, 0)).toBe(205_000);
    expect(villages.find((v) => v.realName === HIN_DAM.name)?.households).toBe(55);
    expect(Math.min(...villages.map((v) => v.households))).toBeGreaterThanOrEqual(MIN_HOUSEHOLDS_PER_VILLAGE);
  });
});

describe('demo villages at other scales', () => {
  it('keep at least one village per commune at the smallest scale', () => {
    const villages = plan(0.05);
    expect(villages).toHaveLength(84);
    expect(new Set(villages.map((v) => v.communeCode)).size).toBe(65);
    expect(villages.find((v) => v.realName === HIN_DAM.name)?.households).toBe(55);
  });

  it('never number more than 999 villages in a commune', () => {
    const villages = plan(20);
    expect(villages).toHaveLength(33_600);
    const perCommune = new Map<string, number>();
    for (const v of villages) perCommune.set(v.communeCode, (perCommune.get(v.communeCode) ?? 0) + 1);
    expect(Math.max(...perCommune.values())).toBe(MAX_VILLAGES_PER_COMMUNE);
  });
});
