import type { OrgUnitKind } from '../territory/index.ts';
import { childPath, KIND_NAMES, villageCode } from '../territory/index.ts';
import { allocate, type DemoTargets } from './demo.rules.ts';
import type { Random } from '../platform/seeded-random.ts';

export type VillageKind = 'thon' | 'ban' | 'khoi_pho';
/** Wards are towns; communes split by population density into lowland and highland halves. */
export type Landscape = 'ward' | 'lowland' | 'highland';

export interface ProvinceFacts {
  code: string;
  path: string;
  population: number;
  areaKm2: number;
}

export interface CommuneFacts {
  code: string;
  path: string;
  kind: OrgUnitKind;
  areaKm2: number;
  /** Null where the published figure is unusable (truncated in the source). */
  population: number | null;
  latitude: number;
  longitude: number;
}

export interface DemoCommune extends CommuneFacts {
  /** Population, or its estimate from the area at the provincial density. */
  weight: number;
  landscape: Landscape;
  /** 0 for the wards up to 1 for the most sparsely populated commune. */
  remoteness: number;
}

export interface VillageTraits {
  firstSyllables: string[];
  secondSyllables: string[];
  lowlandNames: string[];
  ethnicMixes: Record<Landscape, { weight: number; value: string[] }[]>;
}

export interface RealVillage {
  communeCode: string;
  name: string;
  kind: VillageKind;
  ethnicGroups: readonly string[];
  details: Record<string, unknown>;
}

const REPORT_SOURCE = 'Báo Lạng Sơn 2025 report';

/** The village the report describes in figures; its households are calibrated to them. */
export const HIN_DAM = {
  communeCode: '06625',
  name: 'Hin Đăm',
  kind: 'ban',
  ethnicGroups: ['Dao'],
  households: 55,
  residents: { min: 301, max: 330 },
  /** "90%" of 55 households: 50 (90.9%); see docs/decisions/0003-hin-dam-ninety-percent.md. */
  householdsWithSmartphoneAndEpay2025: 50,
  /** "No signal until 2022, 4G since": the operator is our choice, the report names none. */
  signal: { operator: 'viettel', since: '2022-09-15' },
  details: {
    source: REPORT_SOURCE,
    note: 'Real village named in the report (55 households, more than 300 residents, all Dao; no mobile signal until 2022, 4G since). Its households are synthetic, calibrated to these figures.',
  },
} as const satisfies RealVillage & Record<string, unknown>;

export const LANG_DONG = {
  communeCode: '06376',
  name: 'Lăng Đồng',
  kind: 'ban',
  ethnicGroups: ['Dao'],
  details: {
    source: REPORT_SOURCE,
    note: 'Real village named in the report (home of a Dao seller of traditional herbal medicine). Its households are synthetic.',
  },
} as const satisfies RealVillage;

const REAL_VILLAGES: readonly RealVillage[] = [HIN_DAM, LANG_DONG];

export interface DemoVillage {
  code: string;
  communeCode: string;
  path: string;
  kind: VillageKind;
  name: string;
  fullName: string;
  isDemo: boolean;
  latitude: number;
  longitude: number;
  ethnicGroups: string[];
  details: Record<string, unknown>;
  landscape: Landscape;
  /** 0 (town) to 1 (most remote); drives where coverage and adoption lag. */
  remoteness: number;
  households: number;
  /** The real village this is, by name; null for demo villages. */
  realName: string | null;
}

/** Three-digit village numbers within a commune. */
export const MAX_VILLAGES_PER_COMMUNE = 999;
export const MIN_HOUSEHOLDS_PER_VILLAGE = 15;
/** Labels are three digits ("Hộ 001"), so a village stays below a thousand households. */
const MAX_HOUSEHOLDS_PER_VILLAGE = 999;
/** Villages lie within about five kilometres of their commune's centroid. */
const JITTER_DEGREES = 0.05;

/** Weights, landscape and remoteness of each commune, from its density. */
export function describeCommunes(province: ProvinceFacts, communes: readonly CommuneFacts[]): DemoCommune[] {
  const density = province.population / province.areaKm2;
  const weighted = communes.map((c) => ({ ...c, weight: c.population ?? Math.round(c.areaKm2 * density) }));
  const rural = weighted.filter((c) => c.kind !== 'phuong').sort((a, b) => a.weight / a.areaKm2 - b.weight / b.areaKm2 || a.code.localeCompare(b.code));
  const remoteness = new Map(rural.map((c, rank) => [c.code, 1 - rank / Math.max(1, rural.length - 1)]));
  return weighted.map((c) => {
    const r = remoteness.get(c.code) ?? 0;
    return { ...c, remoteness: r, landscape: c.kind === 'phuong' ? 'ward' : r >= 0.5 ? 'highland' : 'lowland' };
  });
}

/**
 * The villages of every commune: as many as its share of the population (at least one, at most
 * 999), named and placed, with their households counted. The two real villages take number 001
 * in their communes.
 */
export function planVillages(input: { communes: readonly DemoCommune[]; traits: VillageTraits; targets: DemoTargets; random: Random }): DemoVillage[] {
  const { communes, traits, targets, random } = input;
  const counts = allocate(
    targets.villages,
    communes.map((c) => c.weight),
    1,
    MAX_VILLAGES_PER_COMMUNE,
  );
  const villages: DemoVillage[] = [];
  const sizeWeights: number[] = [];
  communes.forEach((commune, c) => {
    const count = counts[c] as number;
    const real = REAL_VILLAGES.find((v) => v.communeCode === commune.code);
    const taken = new Set(REAL_VILLAGES.map((v) => v.name));
    const firstOfCommune = villages.length;
    for (let number = 1; number <= count; number++) {
      const village = number === 1 && real ? realVillage(commune, real, random) : demoVillage(commune, number, traits, taken, random);
      villages.push(village);
      // Remote villages are hamlets; town quarters and valley villages are larger.
      sizeWeights.push(Math.exp(0.35 * random.normal()) * (1.25 - 0.6 * village.remoteness));
    }
    const communeSizes = sizeWeights.slice(firstOfCommune).reduce((sum, w) => sum + w, 0);
    for (let v = firstOfCommune; v < villages.length; v++) sizeWeights[v] = (commune.weight * (sizeWeights[v] as number)) / communeSizes;
  });
  const fixed = villages.map((v) => (v.realName === HIN_DAM.name ? HIN_DAM.households : null));
  const households = allocate(
    targets.households,
    sizeWeights,
    fixed.map((n) => n ?? MIN_HOUSEHOLDS_PER_VILLAGE),
    fixed.map((n) => n ?? MAX_HOUSEHOLDS_PER_VILLAGE),
  );
  villages.forEach((v, i) => (v.households = households[i] as number));
  return villages;
}

function realVillage(commune: DemoCommune, real: RealVillage, random: Random): DemoVillage {
  return {
    ...placeVillage(commune, 1, random),
    kind: real.kind,
    name: real.name,
    fullName: `${KIND_NAMES[real.kind].vi} ${real.name}`,
    isDemo: false,
    ethnicGroups: [...real.ethnicGroups],
    details: real.details,
    // Both lie in the hills, far from the commune centre.
    remoteness: 1,
    realName: real.name,
  };
}

function demoVillage(commune: DemoCommune, number: number, traits: VillageTraits, taken: Set<string>, random: Random): DemoVillage {
  const kind = villageKind(commune.landscape, random);
  // A numbered town quarter's name already starts with its kind word: "Khối 3".
  const name = kind === 'khoi_pho' ? `Khối ${number}` : uniqueName(commune.landscape, kind, traits, taken, random);
  const remoteness = commune.landscape === 'ward' ? 0.1 * random.next() : Math.min(1, 0.7 * commune.remoteness + 0.3 * random.next());
  return {
    ...placeVillage(commune, number, random),
    kind,
    name,
    fullName: kind === 'khoi_pho' ? name : `${KIND_NAMES[kind].vi} ${name}`,
    isDemo: true,
    ethnicGroups: [...random.pickWeighted(traits.ethnicMixes[commune.landscape])],
    details: {},
    remoteness,
    realName: null,
  };
}

type Placement = Pick<DemoVillage, 'code' | 'communeCode' | 'path' | 'latitude' | 'longitude' | 'landscape' | 'households'>;

function placeVillage(commune: DemoCommune, number: number, random: Random): Placement {
  const code = villageCode(commune.code, number);
  return {
    code,
    communeCode: commune.code,
    path: childPath(commune.path, code),
    latitude: round5(commune.latitude + random.between(-JITTER_DEGREES, JITTER_DEGREES)),
    longitude: round5(commune.longitude + random.between(-JITTER_DEGREES, JITTER_DEGREES)),
    landscape: commune.landscape,
    households: 0,
  };
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** Quarters in the wards; "bản" mostly in the highlands, "thôn" elsewhere. */
function villageKind(landscape: Landscape, random: Random): VillageKind {
  if (landscape === 'ward') return 'khoi_pho';
  return random.chance(landscape === 'highland' ? 0.75 : 0.15) ? 'ban' : 'thon';
}

/** A name not yet used in the commune; when the combinations run out, "Nà Pàn 2" as villages that split are named. */
function uniqueName(landscape: Landscape, kind: VillageKind, traits: VillageTraits, taken: Set<string>, random: Random): string {
  const draw = () =>
    landscape === 'lowland' && kind === 'thon' && random.chance(0.35)
      ? random.pick(traits.lowlandNames)
      : `${random.pick(traits.firstSyllables)} ${random.pick(traits.secondSyllables)}`;
  let name = draw();
  for (let attempt = 0; taken.has(name) && attempt < 20; attempt++) name = draw();
  const base = name;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base} ${suffix}`;
  taken.add(name);
  return name;
}
