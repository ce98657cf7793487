import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/accounts/accounts.tables.ts';
import { may, type Me } from './session.ts';

const me = (roles: { role: Role; orgUnitCode: string }[]): Me => ({
  id: '0190f3a0-0000-7000-8000-000000000001',
  username: 'u',
  displayName: 'U',
  mustChangePassword: false,
  roles: roles.map((r) => ({ ...r, orgUnitName: r.orgUnitCode })),
});

describe('what the page offers an account', () => {
  it('follows the server’s grants: officers of the unit or above resolve, never a team member or an officer elsewhere', () => {
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'sync:resolve', '06625001')).toBe(true);
    expect(may(me([{ role: 'province_admin', orgUnitCode: '20' }]), 'sync:resolve', '06625001')).toBe(true);
    expect(may(me([{ role: 'province_admin', orgUnitCode: '20' }]), 'sync:resolve', '06625')).toBe(true);
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06376' }]), 'sync:resolve', '06625001')).toBe(false);
    expect(may(me([{ role: 'team_member', orgUnitCode: '06625001' }]), 'sync:resolve', '06625001')).toBe(false);
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'sync:resolve', null)).toBe(false);
    expect(may(null, 'sync:resolve', '06625001')).toBe(false);
    expect(may(undefined, 'import:run')).toBe(false);
  });

  it('answers "somewhere" without a unit: importing is for officers, reading field work for team members too', () => {
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'import:run')).toBe(true);
    expect(may(me([{ role: 'team_member', orgUnitCode: '06625001' }]), 'import:run')).toBe(false);
    expect(may(me([{ role: 'team_member', orgUnitCode: '06625001' }]), 'fieldwork:read')).toBe(true);
    expect(may(me([{ role: 'telecom_operator', orgUnitCode: '20' }]), 'fieldwork:read')).toBe(false);
  });

  it('keeps a commune officer to their commune, whose villages carry its code', () => {
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'team:manage', '06625001')).toBe(true);
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'team:manage', '06626001')).toBe(false);
    expect(may(me([{ role: 'commune_officer', orgUnitCode: '06625' }]), 'team:manage', '20')).toBe(false);
  });
});
