import { describe, expect, it } from 'vitest';
import { fieldPaths, matchFieldRoute } from './field.routes.ts';

const ID = '0190a000-0000-7000-8000-000000000001';

describe('the field app’s paths', () => {
  it('map to screens and back', () => {
    expect(matchFieldRoute('/thuc-dia', '')).toEqual({ screen: 'households', search: '', need: null });
    expect(matchFieldRoute('/thuc-dia/', '?tim=ho%2012&can=vneid')).toEqual({ screen: 'households', search: 'ho 12', need: 'vneid' });
    expect(fieldPaths.households('ho 12', 'vneid')).toBe('/thuc-dia?tim=ho+12&can=vneid');
    expect(fieldPaths.households('', 'all')).toBe('/thuc-dia');
    for (const [path, route] of [
      [fieldPaths.household(ID), { screen: 'household', id: ID }],
      [fieldPaths.visit(ID), { screen: 'visit', id: ID }],
      [fieldPaths.update(ID), { screen: 'update', id: ID }],
      [fieldPaths.training(), { screen: 'training' }],
      [fieldPaths.attention(), { screen: 'attention' }],
      [fieldPaths.fix(ID), { screen: 'fix', mutation: ID }],
      [fieldPaths.register(), { screen: 'register' }],
      [fieldPaths.logOut(), { screen: 'log-out' }],
    ] as const) {
      expect(matchFieldRoute(path, '')).toEqual(route);
    }
  });

  it('knows no other path', () => {
    expect(matchFieldRoute('/thuc-dia/ho/123', '')).toEqual({ screen: 'not-found' });
    expect(matchFieldRoute('/thuc-dia/khac', '')).toEqual({ screen: 'not-found' });
    expect(matchFieldRoute('/thuc-dia/ho/moi/ho-tro', '')).toEqual({ screen: 'not-found' });
  });
});
