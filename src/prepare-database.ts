import type { Db } from './platform/database.ts';
import { migrateToLatest } from './platform/migrate.ts';
import { loadOperators } from './coverage/coverage.repository.ts';
import { loadProvinceTerritory } from './territory/load-province-territory.ts';
import { seedCatalogue } from './indicators/seed-catalogue.ts';
import { ensureIndicatorsCurrent } from './indicators/refresh-data-values.ts';

/** What every start needs, in order, and safe to repeat: the schema, the real territory, operators, the indicator catalogue. */
export async function prepareDatabase(db: Db): Promise<{ provinceCode: string }> {
  await migrateToLatest(db);
  const { provinceCode } = await loadProvinceTerritory(db);
  await loadOperators(db);
  await seedCatalogue(db);
  await ensureIndicatorsCurrent(db);
  return { provinceCode };
}
