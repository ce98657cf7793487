import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/accounts/accounts.tables.ts';
import { grantableRoles, placesAtNation, placesInTerritory } from './grantable-roles.ts';
import type { Me } from './session.ts';

const me = (role: Role, orgUnitCode: string): Me => ({
  id: '0190f3a0-0000-7000-8000-000000000001',
  username: 'u',
  displayName: 'U',
  mustChangePassword: false,
  roles: [{ role, orgUnitCode, orgUnitName: orgUnitCode }],
});

describe('the roles an account form offers', () => {
  it('offers the nation’s administrator the national roles at the nation, and nothing in a province', () => {
    const national = me('national_admin', 'VN');
    expect(grantableRoles(national, 'VN')).toEqual(['national_officer', 'national_admin']);
    expect(grantableRoles(national, '20')).toEqual([]);
    expect(grantableRoles(national, '06625')).toEqual([]);
    expect(placesAtNation(national)).toBe(true);
    expect(placesInTerritory(national)).toBe(false);
    expect(grantableRoles(me('national_officer', 'VN'), 'VN')).toEqual([]);
  });

  it('offers a province’s administrator her roles in her province, never at the nation', () => {
    const province = me('province_admin', '20');
    expect(grantableRoles(province, 'VN')).toEqual([]);
    expect(grantableRoles(province, '06625001')).toEqual(grantableRoles(province));
    expect(grantableRoles(province)).not.toContain('national_officer');
    expect(placesAtNation(province)).toBe(false);
    expect(placesInTerritory(province)).toBe(true);
  });

  it('offers a commune’s officer her roles in her commune and its villages only', () => {
    const commune = me('commune_officer', '06625');
    expect(grantableRoles(commune, '06625001')).toEqual(['commune_officer', 'team_member', 'seller', 'courier', 'pickup_keeper']);
    expect(grantableRoles(commune, '06376001')).toEqual([]);
    expect(grantableRoles(commune, 'VN')).toEqual([]);
  });
});
