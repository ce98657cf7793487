import { describe, expect, it } from 'vitest';
import { isCodeWithin, isWithin, LEVEL, levelOfCode, NATION } from './territory.rules.ts';

describe('subtrees', () => {
  it('hold a unit by path: the root itself and what lies under it, not a sibling that shares digits', () => {
    expect(isWithin('20.06625.06625001', '20.06625')).toBe(true);
    expect(isWithin('20.06625', '20.06625')).toBe(true);
    expect(isWithin('20.066251', '20.06625')).toBe(false);
    expect(isWithin('20.06376.06376001', '20.06625')).toBe(false);
  });

  it('hold every unit of every province under the nation’s root, and the nation under no province', () => {
    expect(isWithin('01.00004', NATION.path)).toBe(true);
    expect(isWithin('20', NATION.path)).toBe(true);
    expect(isWithin(NATION.path, NATION.path)).toBe(true);
    expect(isWithin(NATION.path, '20')).toBe(false);
  });

  it('hold a unit by code: the province every unit, a commune its villages, a village itself', () => {
    expect([levelOfCode('20'), levelOfCode('06625'), levelOfCode('06625001')]).toEqual([LEVEL.province, LEVEL.commune, LEVEL.village]);
    expect(isCodeWithin('06625001', '20')).toBe(true);
    expect(isCodeWithin('06376', '20')).toBe(true);
    expect(isCodeWithin('06625001', '06625')).toBe(true);
    expect(isCodeWithin('06625001', '06625001')).toBe(true);
    expect(isCodeWithin('06625002', '06625001')).toBe(false);
    expect(isCodeWithin('06376001', '06625')).toBe(false);
    expect(isCodeWithin('20', '06625')).toBe(false);
  });
});
