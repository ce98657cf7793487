import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './router.tsx';

describe('the router', () => {
  it('maps paths to pages', () => {
    expect(matchRoute('/', '')).toEqual({ page: 'unit', code: null });
    expect(matchRoute('/don-vi/06625', '')).toEqual({ page: 'unit', code: '06625' });
    expect(matchRoute('/don-vi/06625001/', '')).toEqual({ page: 'unit', code: '06625001' });
    expect(matchRoute('/don-vi/0662', '')).toEqual({ page: 'not-found' });
    expect(matchRoute('/nhat-ky', '')).toEqual({ page: 'audit' });
    expect(matchRoute('/viec-nen/', '')).toEqual({ page: 'jobs' });
    expect(matchRoute('/doi-mat-khau', '?next=%2Fnhat-ky')).toEqual({ page: 'password', next: '/nhat-ky' });
    expect(matchRoute('/doi-so-cong-dong', '?unit=06625')).toEqual({ page: 'teams' });
    expect(matchRoute('/nhap-du-lieu/', '')).toEqual({ page: 'imports' });
    expect(paths.imports()).toBe('/nhap-du-lieu');
    expect(matchRoute('/thuc-dia', '?can=vneid')).toEqual({ page: 'field' });
    expect(matchRoute('/thuc-dia/ho/0190a000-0000-7000-8000-000000000001/ho-tro', '')).toEqual({ page: 'field' });
    expect(matchRoute('/tai-khoan', '?q=lan')).toEqual({ page: 'accounts' });
    expect(matchRoute('/tai-khoan/0190a000-0000-7000-8000-000000000001', '')).toEqual({ page: 'account', id: '0190a000-0000-7000-8000-000000000001' });
    expect(matchRoute('/tai-khoan/tu-to', '?thon=06625001')).toEqual({ page: 'roster-accounts', village: '06625001' });
    expect(matchRoute('/tai-khoan/cua-toi', '')).toEqual({ page: 'my-sessions' });
    expect(matchRoute('/tai-khoan/tu-to', '?thon=x')).toEqual({ page: 'roster-accounts', village: null });
    expect(paths.rosterAccounts('06625001')).toBe('/tai-khoan/tu-to?thon=06625001');
    expect(matchRoute('/ban-hang/0190a000-0000-7000-8000-000000000001/tien-ve', '')).toEqual({
      page: 'shop-money',
      shopId: '0190a000-0000-7000-8000-000000000001',
    });
    expect(paths.shopMoney('0190a000-0000-7000-8000-000000000001')).toBe('/ban-hang/0190a000-0000-7000-8000-000000000001/tien-ve');
    expect(matchRoute('/khong-co', '')).toEqual({ page: 'not-found' });
  });

  it('returns after log-in only to a path on this site', () => {
    expect(matchRoute('/dang-nhap', `?next=${encodeURIComponent('/don-vi/06625')}`)).toEqual({ page: 'login', next: '/don-vi/06625' });
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', '']) {
      expect(matchRoute('/dang-nhap', `?next=${encodeURIComponent(next)}`)).toEqual({ page: 'login', next: '/' });
    }
    expect(paths.login('/don-vi/06625')).toBe('/dang-nhap?next=%2Fdon-vi%2F06625');
    expect(paths.login('/')).toBe('/dang-nhap');
    expect(paths.household('06625001', 'Hộ 012')).toBe('/don-vi/06625001?ho=H%E1%BB%99%20012');
  });
});
