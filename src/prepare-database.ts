import type { Db } from './platform/database.ts';
import { migrateToLatest } from './platform/migrate.ts';
import { loadOperators } from './coverage/index.ts';
import { loadProvinceTerritory } from './territory/index.ts';
import { ensureIndicatorsCurrent, seedCatalogue } from './indicators/index.ts';
import { registerModules } from './compose.ts';
import { loadCarriers } from './delivery/index.ts';

/** What every start needs, in order, and safe to repeat: the schema, the real territory, operators, the indicator catalogue. */
export async function prepareDatabase(db: Db): Promise<{ provinceCode: string }> {
  registerModules();
  await migrateToLatest(db);
  const { provinceCode } = await loadProvinceTerritory(db);
  await loadOperators(db);
  await loadCarriers(db);
  await seedCatalogue(db);
  await ensureIndicatorsCurrent(db);
  return { provinceCode };
}
