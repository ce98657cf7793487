import { registerDataSource, registerIndicators, registerRecordsAtFault, registerValidationRules } from './indicators/index.ts';
import { householdIndicators, householdSource, householdValidationRules } from './households/index.ts';
import { communeInfrastructureSource, coverageIndicators, coverageValidationRules, villageCoverageSource } from './coverage/index.ts';
import { teamIndicators, teamRecordsAtFault, teamRoster, teamSource, teamValidationRules } from './teams/index.ts';
import { registerTeamRoster } from './accounts/index.ts';
import { registerPayeeAccess } from './payments/index.ts';
import { authorizeProduct, authorizeShop } from './market/index.ts';
import { registerMediaOwnerAccess } from './media/index.ts';

import { authorizeCarrier, authorizeCourierParcel, CARRIER_PAYEE, deliveryIndicators, deliverySource } from './delivery/index.ts';
import { marketIndicators, marketSource } from './market/index.ts';
import { orderIndicators, ordersSource } from './orders/index.ts';

/**
 * What the modules give each other when the product is composed: their declarations to the
 * indicator engine, which imports none of them, and a village team's roster to accounts, which
 * teams sits above. Every way of starting the product calls this first (the server, the command
 * line, database preparation, the tests' apps); calling it again changes nothing. A new module
 * adds its own lines here.
 */
export function registerModules(): void {
  for (const source of [householdSource, villageCoverageSource, communeInfrastructureSource, teamSource]) registerDataSource(source);
  // The catalogue's order: coverage, then the households' adoption, then the teams.
  registerIndicators([...coverageIndicators, ...householdIndicators, ...teamIndicators]);
  registerValidationRules([...householdValidationRules, ...coverageValidationRules, ...teamValidationRules]);
  registerRecordsAtFault(teamRecordsAtFault);
  registerTeamRoster(teamRoster);
  // A shop's bank feeds (its webhook keys, its unmatched transfers) are its sellers' business.
  registerPayeeAccess('shop', async (db, caller, shopId) => {
    const { actor, shop } = await authorizeShop(db, caller, 'shop:sell', shopId);
    return { actor, unit: { code: shop.village_code, path: shop.village_path, province_code: shop.province_code } };
  });
  // A carrier's account, where recipients pay COD by VietQR, is its dispatchers' and administrators' business.
  registerPayeeAccess(CARRIER_PAYEE, (db, caller, carrierId) => authorizeCarrier(db, caller, carrierId));
  // A product's photos are added by its shop's sellers.
  registerMediaOwnerAccess('product', {
    async authorizeUpload(db, caller, productId) {
      const { actor, shop } = await authorizeProduct(db, caller, 'shop:sell', productId);
      return { actor, unit: { code: shop.village_code, path: shop.village_path, province_code: shop.province_code } };
    },
  });
  // A proof-of-delivery photo is added by the courier of the parcel's route.
  registerMediaOwnerAccess('parcel', {
    async authorizeUpload(db, caller, parcelId) {
      const { actor, unit } = await authorizeCourierParcel(db, caller, parcelId);
      return { actor, unit };
    },
  });
  registerDataSource(deliverySource);
  registerIndicators(deliveryIndicators);
  for (const source of [marketSource, ordersSource]) registerDataSource(source);
  registerIndicators([...marketIndicators, ...orderIndicators]);
}
