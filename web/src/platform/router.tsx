import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * The app's few paths, in Vietnamese without diacritics so they read well when shared on Zalo and
 * stay the same in both languages:
 *   /                 the province (home)
 *   /don-vi/:code     any unit: province (2 digits), commune (5), village (8)
 *   /don-vi/:village?ho=  a village's household register, filtered to one household by its label
 *   /dang-nhap?next=  log in, then go back to `next`
 *   /doi-mat-khau?next=  change one's password (required after a one-time password)
 *   /nhat-ky          the audit log
 *   /viec-nen         the background jobs (queued, running, failed), for administrators
 *   /bang-dieu-khien  the province dashboard (its view in the query string)
 *   /doi-so-cong-dong  the community digital teams' work (unit and last day in the query string)
 *   /nhap-du-lieu     an officer's import of a CSV or .xlsx file (villages, coverage, households, visits, trainings)
 *   /tai-khoan       the accounts of an officer's area; /tai-khoan/:id one account; /tai-khoan/tu-to?thon= accounts from a village team's roster
 *   /tai-khoan/cua-toi  one's own sessions
 *   /toan-quoc        the nation: every province's figures from its last pull, and their freshness
 *   /giao-hang       a carrier's dispatcher: the day's parcels and each courier's route; ?xem=tien the end-of-day cash, ?xem=thu-ho the COD owed to sellers
 *   /diem-nhan-hang  a village pickup point's keeper: the parcels waiting, handed over against the recipient's code
 *   /thuc-dia/…       the field app for a village's team (its own screens: web/src/field/field.routes.ts)
 *   /cua-hang/:slug   a producer's shop page (public, shared on Zalo); /don-hang/:token a buyer's order
 *   /ban-hang         the seller's orders and market-day preparation; /quan-ly-cua-hang an officer's shops
 *   /ban-hang/:shop/tien-ve  a shop's money arriving: its bank feeds, the transfers to match by hand, statements
 */
export type Route =
  | { page: 'unit'; code: string | null }
  | { page: 'login'; next: string }
  | { page: 'password'; next: string }
  | { page: 'audit' }
  | { page: 'jobs' }
  | { page: 'dashboard' }
  | { page: 'teams' }
  | { page: 'imports' }
  | { page: 'accounts' }
  | { page: 'account'; id: string }
  | { page: 'roster-accounts'; village: string | null }
  | { page: 'my-sessions' }
  | { page: 'delivery' }
  | { page: 'pickup' }
  | { page: 'field' }
  | { page: 'shop'; slug: string }
  | { page: 'order'; token: string }
  | { page: 'selling' }
  | { page: 'shop-money'; shopId: string }
  | { page: 'shops' }
  | { page: 'national' }
  | { page: 'courier' }
  | { page: 'not-found' };

export const paths = {
  home: () => '/',
  unit: (code: string) => `/don-vi/${code}`,
  household: (villageCode: string, label: string) => `/don-vi/${villageCode}?ho=${encodeURIComponent(label)}`,
  login: (next?: string) => withNext('/dang-nhap', next),
  password: (next?: string) => withNext('/doi-mat-khau', next),
  audit: () => '/nhat-ky',
  jobs: () => '/viec-nen',
  dashboard: () => '/bang-dieu-khien',
  teams: () => '/doi-so-cong-dong',
  imports: () => '/nhap-du-lieu',
  accounts: () => '/tai-khoan',
  account: (id: string) => `/tai-khoan/${id}`,
  rosterAccounts: (villageCode?: string) => (villageCode ? `/tai-khoan/tu-to?thon=${villageCode}` : '/tai-khoan/tu-to'),
  delivery: () => '/giao-hang',
  pickup: () => '/diem-nhan-hang',
  courier: () => '/giao-hang/hom-nay',
  field: () => '/thuc-dia',
  mySessions: () => '/tai-khoan/cua-toi',
  shop: (slug: string) => `/cua-hang/${slug}`,
  order: (token: string) => `/don-hang/${token}`,
  selling: () => '/ban-hang',
  shopMoney: (shopId: string) => `/ban-hang/${shopId}/tien-ve`,
  shops: () => '/quan-ly-cua-hang',
  national: () => '/toan-quoc',
};

export function matchRoute(pathname: string, search: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return { page: 'unit', code: null };
  const unit = /^\/don-vi\/(\d{2}|\d{5}|\d{8})$/.exec(path);
  if (unit?.[1]) return { page: 'unit', code: unit[1] };
  if (path === '/dang-nhap') return { page: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/doi-mat-khau') return { page: 'password', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/nhat-ky') return { page: 'audit' };
  if (path === '/viec-nen') return { page: 'jobs' };
  if (path === '/bang-dieu-khien') return { page: 'dashboard' };
  if (path === '/doi-so-cong-dong') return { page: 'teams' };
  if (path === '/nhap-du-lieu') return { page: 'imports' };
  if (path === '/tai-khoan') return { page: 'accounts' };
  if (path === '/tai-khoan/tu-to') {
    const village = new URLSearchParams(search).get('thon');
    return { page: 'roster-accounts', village: village && /^\d{8}$/.test(village) ? village : null };
  }
  if (path === '/tai-khoan/cua-toi') return { page: 'my-sessions' };
  const account = /^\/tai-khoan\/([0-9a-f-]{36})$/.exec(path);
  if (account?.[1]) return { page: 'account', id: account[1] };
  if (path === '/toan-quoc') return { page: 'national' };
  if (path === '/giao-hang') return { page: 'delivery' };
  if (path === '/diem-nhan-hang') return { page: 'pickup' };
  if (path === '/giao-hang/hom-nay') return { page: 'courier' };
  if (path === '/thuc-dia' || path.startsWith('/thuc-dia/')) return { page: 'field' };
  const shop = /^\/cua-hang\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(path);
  if (shop?.[1]) return { page: 'shop', slug: shop[1] };
  const order = /^\/don-hang\/([A-Za-z0-9_-]{32})$/.exec(path);
  if (order?.[1]) return { page: 'order', token: order[1] };
  if (path === '/ban-hang') return { page: 'selling' };
  const money = /^\/ban-hang\/([0-9a-f-]{36})\/tien-ve$/.exec(path);
  if (money?.[1]) return { page: 'shop-money', shopId: money[1] };
  if (path === '/quan-ly-cua-hang') return { page: 'shops' };
  return { page: 'not-found' };
}

function withNext(path: string, next: string | undefined): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** Only a path on this site: `?next=//evil.example` must not send a fresh session elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

const NAVIGATED = 'banso:navigate';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}

export interface Location {
  pathname: string;
  search: string;
}

const currentLocation = (): Location => ({ pathname: window.location.pathname, search: window.location.search });

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return location;
}

/** A real link (open in a new tab, copy, share) that navigates in place on a plain click. */
export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  const follow = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
