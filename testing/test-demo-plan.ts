import { readProvinceFile } from '../src/territory/load-province-territory.ts';
import { childPath } from '../src/territory/territory.rules.ts';
import { planDemoProvince, type DemoProvincePlan } from '../src/demo/demo-province.rules.ts';
import type { CommuneFacts, ProvinceFacts } from '../src/demo/demo-villages.rules.ts';
import { readDemoData } from '../src/demo/generate-demo-province.ts';

/** The real province and communes as the territory loader stores them, without a database. */
export function langSonFacts(): { province: ProvinceFacts; communes: CommuneFacts[] } {
  const file = readProvinceFile();
  return {
    province: { code: file.province.code, path: file.province.code, population: file.province.population, areaKm2: file.province.area_km2 },
    communes: file.units
      .map((u) => ({
        code: u.code,
        path: childPath(file.province.code, u.code),
        kind: u.type,
        areaKm2: u.area_km2,
        population: u.population_suspect ? null : u.population,
        latitude: u.centroid_lat,
        longitude: u.centroid_lon,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/** The demo plan of Lạng Sơn for rules tests: everything the generator writes, in memory. */
export function planForTest(seed: number, scale: number): DemoProvincePlan {
  return planDemoProvince({ ...langSonFacts(), ...readDemoData(), seed, scale });
}
