import type { Db } from './platform/database.ts';
import { migrateToLatest } from './platform/migrate.ts';
import { loadOperators } from './coverage/coverage.repository.ts';
import { loadProvinceTerritory } from './territory/load-province-territory.ts';

/** What every start needs, in order, and safe to repeat: the schema, the real territory, the operators. */
export async function prepareDatabase(db: Db): Promise<{ provinceCode: string }> {
  await migrateToLatest(db);
  const { provinceCode } = await loadProvinceTerritory(db);
  await loadOperators(db);
  return { provinceCode };
}
