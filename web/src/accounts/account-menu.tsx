import { useEffect, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, matchRoute, navigate, paths, useLocation } from '../platform/router.tsx';
import { fieldAccountOnDevice } from '../field/field-device.ts';
import { fieldPaths } from '../field/field.routes.ts';
import { isProvinceAdmin, logOut, may, useSession, type Me } from './session.ts';

/** The header's account corner: log in, or who is logged in and what they can do. */
export function AccountMenu() {
  const { t } = useI18n();
  const { me } = useSession();
  const location = useLocation();

  // While the session is being checked (or on the log-in page itself), an empty slot keeps the header still.
  if (me === undefined || (me === null && matchRoute(location.pathname, location.search).page === 'login')) {
    return <div class="account-pending" aria-hidden="true" />;
  }
  if (me === null) {
    return (
      <Link class="button button-quiet" href={paths.login(location.pathname + location.search)}>
        {t('nav.login')}
      </Link>
    );
  }
  // Keyed by path: following a link in the menu closes it.
  return <SignedIn key={location.pathname} me={me} />;
}

/** A disclosure (details/summary) rather than a row of links: it fits a 360 px header with the language switch. */
function SignedIn({ me }: { me: Me }) {
  const { t, text } = useI18n();
  const { setMe } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const closeOutside = (event: Event) => {
      if (menu.current?.open && event.target instanceof Node && !menu.current.contains(event.target)) menu.current.open = false;
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && menu.current?.open) {
        menu.current.open = false;
        menu.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('click', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, []);

  const leave = async () => {
    setError(null);
    // The field app's village is on this device: its own log-out counts what is unsent, then clears it.
    if (await fieldAccountOnDevice()) return navigate(fieldPaths.logOut());
    try {
      await logOut();
    } catch (failure) {
      const apiError = asApiError(failure);
      // 401: the session had already ended, which is what was asked for.
      if (apiError.status !== 401) return setError(apiError);
    }
    setMe(null);
  };

  return (
    <details class="account-menu" ref={menu}>
      <summary>
        <span class="avatar" aria-hidden="true">
          {me.displayName.trim().charAt(0).toUpperCase()}
        </span>
        <span class="account-name">{me.displayName}</span>
      </summary>
      <div class="account-panel">
        <p class="account-panel-name">
          <strong>{me.displayName}</strong>
          <span class="muted">{me.username}</span>
        </p>
        <ul class="account-roles">
          {me.roles.map((grant) => (
            <li key={`${grant.role}-${grant.orgUnitCode}`}>
              {t(`role.${grant.role}`)} · {grant.orgUnitName}
            </li>
          ))}
        </ul>
        <ul class="account-actions">
          {/* In the menu, not the header's row of sections: a phone's header has no room for a fourth, and importing is occasional desk work. */}
          {may(me, 'import:run') && (
            <li>
              <Link href={paths.imports()}>{t('nav.imports')}</Link>
            </li>
          )}
          {may(me, 'delivery:plan') && (
            <li>
              <Link href={paths.delivery()}>{t('nav.delivery')}</Link>
            </li>
          )}
          {may(me, 'pickup:keep') && (
            <li>
              <Link href={paths.pickup()}>{t('nav.pickup')}</Link>
            </li>
          )}
          {may(me, 'account:manage') && (
            <li>
              <Link href={paths.accounts()}>{t('nav.accounts')}</Link>
            </li>
          )}
          {isProvinceAdmin(me) && (
            <li>
              <Link href={paths.audit()}>{t('nav.audit')}</Link>
            </li>
          )}
          {isProvinceAdmin(me) && (
            <li>
              <Link href={paths.jobs()}>{t('nav.jobs')}</Link>
            </li>
          )}
          <li>
            <Link href={paths.mySessions()}>{t('nav.my_sessions')}</Link>
          </li>
          <li>
            <Link href={paths.password()}>{t('nav.password')}</Link>
          </li>
          <li>
            <button type="button" class="button button-secondary" onClick={leave}>
              {t('nav.logout')}
            </button>
          </li>
        </ul>
        {error && (
          <p class="notice notice-error" role="alert">
            {text(error.text)}
          </p>
        )}
      </div>
    </details>
  );
}
