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
 *   /bang-dieu-khien  the province dashboard (its view in the query string)
 *   /doi-so-cong-dong  the community digital teams' work (unit and last day in the query string)
 *   /nhap-du-lieu     an officer's import of a CSV or .xlsx file (villages, coverage, households, visits, trainings)
 *   /thuc-dia/…       the field app for a village's team (its own screens: web/src/field/field.routes.ts)
 */
export type Route =
  | { page: 'unit'; code: string | null }
  | { page: 'login'; next: string }
  | { page: 'password'; next: string }
  | { page: 'audit' }
  | { page: 'dashboard' }
  | { page: 'teams' }
  | { page: 'imports' }
  | { page: 'field' }
  | { page: 'not-found' };

export const paths = {
  home: () => '/',
  unit: (code: string) => `/don-vi/${code}`,
  household: (villageCode: string, label: string) => `/don-vi/${villageCode}?ho=${encodeURIComponent(label)}`,
  login: (next?: string) => withNext('/dang-nhap', next),
  password: (next?: string) => withNext('/doi-mat-khau', next),
  audit: () => '/nhat-ky',
  dashboard: () => '/bang-dieu-khien',
  teams: () => '/doi-so-cong-dong',
  imports: () => '/nhap-du-lieu',
  field: () => '/thuc-dia',
};

export function matchRoute(pathname: string, search: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return { page: 'unit', code: null };
  const unit = /^\/don-vi\/(\d{2}|\d{5}|\d{8})$/.exec(path);
  if (unit?.[1]) return { page: 'unit', code: unit[1] };
  if (path === '/dang-nhap') return { page: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/doi-mat-khau') return { page: 'password', next: safeNext(new URLSearchParams(search).get('next')) };
  if (path === '/nhat-ky') return { page: 'audit' };
  if (path === '/bang-dieu-khien') return { page: 'dashboard' };
  if (path === '/doi-so-cong-dong') return { page: 'teams' };
  if (path === '/nhap-du-lieu') return { page: 'imports' };
  if (path === '/thuc-dia' || path.startsWith('/thuc-dia/')) return { page: 'field' };
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
