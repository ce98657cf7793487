import type { Engine } from '../src/platform/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { generateDemoProvince } from '../src/demo/generate-demo-province.ts';
import { listUnitsAtLevel } from '../src/territory/index.ts';
import { EXACT_VALUES, type CellPrivacy } from '../src/indicators/suppress-small-cells.ts';
import { readAggregates } from '../src/indicators/export-aggregates.ts';
import { readIndicatorValues } from '../src/indicators/read-indicator-values.ts';
import { rebuildIndicators } from '../src/indicators/refresh-data-values.ts';

/** An anonymous caller: every cell of fewer than five households left out, with its partners and their carried-down children. */
const PUBLIC: CellPrivacy = { minHouseholds: 5, scopes: [], seesExactly: () => false };

const YEAR = '2025';
const MONTHS = Array.from({ length: 12 }, (_, i) => `${YEAR}${String(i + 1).padStart(2, '0')}`);
const QUARTERS = [1, 2, 3, 4].map((q) => `${YEAR}Q${q}`);

const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

/** The median of three runs: one run on a shared machine is noise. */
async function median(work: () => Promise<unknown>): Promise<number> {
  const runs = [await seconds(work), await seconds(work), await seconds(work)].sort((a, b) => a - b);
  return Number(runs[1]!.toFixed(3));
}

/**
 * What small-cell suppression (decision 0017, hierarchical since its second addendum) costs a
 * full province's public answers, as a ratio to the same answers with every value exact, read in
 * the same run: the DHIS2 export of every village for a year, its quarters and months; each
 * commune's villages for one indicator; and single villages.
 */
export async function benchSmallCells(engine: Engine, scale: number) {
  const handle = await openTestDatabase(engine);
  try {
    await prepareDatabase(handle.db);
    await generateDemoProvince(handle.db, { seed: 1, scale });
    await rebuildIndicators(handle.db);
    const communes = await listUnitsAtLevel(handle.db, '20', 2);
    const villages = (await listUnitsAtLevel(handle.db, '20', 3)).filter((_, i) => i % 40 === 0);
    const answers = {
      exportAllVillages: (privacy: CellPrivacy) => readAggregates(handle.db, { orgUnit: '20', level: 3, period: [YEAR, ...QUARTERS, ...MONTHS] }, privacy),
      everyCommunesVillages: (privacy: CellPrivacy) =>
        Promise.all(
          communes.map((c) => readIndicatorValues(handle.db, { indicator: ['HH_FIBER', 'VISITS_PER_HH'], orgUnit: c.code, level: 3, period: [YEAR] }, privacy)),
        ),
      singleVillages: async (privacy: CellPrivacy) => {
        for (const v of villages) await readAggregates(handle.db, { orgUnit: v.code, period: [YEAR, MONTHS[6]!] }, privacy);
      },
    };
    const exactRows = (await answers.exportAllVillages(EXACT_VALUES)).length;
    const publicRows = (await answers.exportAllVillages(PUBLIC)).length;
    const timed: Record<string, { exactSeconds: number; publicSeconds: number; ratio: number }> = {};
    for (const [name, answer] of Object.entries(answers)) {
      const exactSeconds = await median(() => answer(EXACT_VALUES));
      const publicSeconds = await median(() => answer(PUBLIC));
      timed[name] = { exactSeconds, publicSeconds, ratio: Number((publicSeconds / exactSeconds).toFixed(2)) };
    }
    return { engine, scale, communes: communes.length, villagesAskedOneByOne: villages.length, exportRows: { exact: exactRows, public: publicRows }, ...timed };
  } finally {
    await handle.close();
  }
}
