import type { Actor } from '../accounts/index.ts';
import { readProvinceFile } from '../territory/index.ts';

/** The province this installation serves: the one its territory file loads. */
export const PROVINCE_CODE = readProvinceFile().province.code;

/**
 * Who the command line acts as. Whoever can run `banso` on the server already holds the whole
 * database, so its imports and exports act as the province administrator. The id is the nil
 * UUID, which no account has: audit entries and `recorded_by` show a write from the command line.
 */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'banso-cli',
  displayName: 'Dòng lệnh (command line)',
  roles: [{ role: 'province_admin', orgUnitCode: PROVINCE_CODE, scopePath: PROVINCE_CODE }],
};
