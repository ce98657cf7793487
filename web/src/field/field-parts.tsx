import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Need } from '../../../src/teams/fieldwork.rules.ts';
import { LanguageSwitch } from '../platform/language-switch.tsx';
import { Link, useLocation } from '../platform/router.tsx';
import { Loading } from '../platform/status.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import { UpdateBanner } from './update-banner.tsx';

/** The tab's title follows the screen. */
export function useScreenTitle(title: string): void {
  const { t } = useFieldI18n();
  const app = t('field.app_name');
  useEffect(() => {
    document.title = `${title} · ${app}`;
  }, [title, app]);
}

/** The clock, ticking every `ms`: relative times ("5 phút trước") stay true on an open screen. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Whether the device says it has a network, kept current by the browser's events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The confirmation left for this screen by the one before ("Sent and accepted…"). */
export function ScreenNotice() {
  const { notice } = useField();
  const { pathname } = useLocation();
  return (
    <div role="status" class="screen-notice">
      {notice &&
        notice.path === pathname &&
        (notice.saved ? <SavedNotice id={notice.saved} more={notice.text} /> : <p class="notice notice-success">{notice.text}</p>)}
    </div>
  );
}

/**
 * What became of a change just saved, followed live from the outbox: a change that has been in the
 * outbox and left it was accepted by the server; one still there waits (or is being sent); one the
 * server refused says why.
 */
function SavedNotice({ id, more }: { id: string; more: string }) {
  const { t, text } = useFieldI18n();
  const { outbox, status } = useField();
  const seen = useRef(false);
  const item = outbox.find((i) => i.id === id);
  if (item) seen.current = true;
  const refused = item?.state === 'needs_attention';
  const said = refused
    ? t('form.refused', { reason: item.lastError ? text(item.lastError.message) : '' })
    : !item && seen.current
      ? t('form.sent')
      : t(status.phase === 'syncing' ? 'form.sending' : 'form.saved');
  return <p class={`notice ${refused ? 'notice-error' : 'notice-success'}`}>{more ? `${said} ${more}` : said}</p>;
}

/**
 * A screen: the heading its section is labelled by, the way back above it, and the confirmation
 * the screen before left for it ("Đã lưu trên máy…") under it.
 */
/** `quietTitle`: the title for screen readers only, where the current tab already shows it (the list). */
export function Screen({
  id,
  title,
  back,
  notice = false,
  quietTitle = false,
  children,
}: {
  id: string;
  title: string;
  back?: { href: string; label: string } | undefined;
  notice?: boolean;
  quietTitle?: boolean;
  children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={`${id}-title`}>
      {back && <BackLink href={back.href} label={back.label} />}
      <h1 id={`${id}-title`} class={quietTitle ? 'visually-hidden' : 'screen-title'}>
        {title}
      </h1>
      {notice && <ScreenNotice />}
      {children}
    </section>
  );
}

/** What a screen was for is not on this phone (any more): say so, with the way back. */
export function Missing({ back, message }: { back: { href: string; label: string }; message: string }) {
  return (
    <section>
      <BackLink href={back.href} label={back.label} />
      <p class="notice notice-info">{message}</p>
    </section>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link class="back-link" href={href}>
      <span aria-hidden="true">←</span>
      {label}
    </Link>
  );
}

/** What a household still lacks, as chips: "Chưa kích hoạt VNeID (2)". */
export function NeedChips({ needs, unsurveyed }: { needs: { need: Need; people: number }[]; unsurveyed: boolean }) {
  const { t } = useFieldI18n();
  if (unsurveyed) return <span class="need need-unsurveyed">{t('need.unsurveyed')}</span>;
  if (needs.length === 0) return <span class="need need-done">{t('list.nothing_missing')}</span>;
  return (
    <>
      {needs.map(({ need, people }) => (
        <span key={need} class={`need need-${need}`}>
          {t(`need.${need}`)}
          {people > 0 && (
            <>
              {' '}
              <span aria-hidden="true">({people})</span>
              <span class="visually-hidden">: {t('need.people', { n: people })}</span>
            </>
          )}
        </span>
      ))}
    </>
  );
}

/**
 * An offline app's door before it knows its account: the session still being read, or the way to
 * log in (online) or why the first log-in needs a network (offline). The field and courier apps'.
 */
export function LoginNotice({ waiting, message, login, href }: { waiting: boolean; message: string; login: string; href: string }) {
  if (waiting) return <Loading lines={3} />;
  return (
    <div class="notice notice-info">
      <p>{message}</p>
      <Link class="button button-primary" href={href}>
        {login}
      </Link>
    </div>
  );
}

/**
 * The frame of an offline app on a phone, the field app's and the courier app's: the header,
 * which stays in view with the sync bar and a new version's banner under it, naming the village
 * or the app beside the language switch and, once an account is in, the way to log out; the app's
 * sections; the main landmark (a new screen focuses it through `mainRef`); the footer.
 */
export function AppFrame({
  title,
  titleClass,
  subtitle,
  logOut,
  bar,
  nav,
  footer,
  mainRef,
  children,
}: {
  title: string;
  /** `field-village` for a village's name, which may be long and is cut to one line. */
  titleClass?: string | undefined;
  /** A line of its own under the title and the buttons: a team's long name is read in full there. */
  subtitle?: string | undefined;
  /** The link to the log-out screen, beside the language switch. */
  logOut?: ComponentChildren;
  bar?: ComponentChildren;
  nav?: ComponentChildren;
  footer?: ComponentChildren;
  mainRef?: Ref<HTMLElement> | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="field-app">
      <div class="field-top">
        <header class="field-header">
          <div class="field-header-bar">
            <span class="field-place">
              <span class="brand-mark" aria-hidden="true" />
              <strong class={titleClass}>{title}</strong>
            </span>
            <span class="field-header-actions">
              <LanguageSwitch />
              {logOut}
            </span>
            {subtitle && <span class="field-team">{subtitle}</span>}
          </div>
        </header>
        {bar}
        <UpdateBanner />
      </div>
      {nav}
      <main id="main" class="field-main" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
      {footer && <footer class="field-footer">{footer}</footer>}
    </div>
  );
}
