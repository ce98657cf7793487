import { useEffect, useState } from 'preact/hooks';
import type { Need } from '../../../src/teams/fieldwork.rules.ts';
import { Link, useLocation } from '../platform/router.tsx';
import { useField } from './field-context.ts';
import { useFieldI18n } from './field.i18n.ts';
import type { Message } from './field.types.ts';

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

/** The confirmation left for this screen by the one before ("Saved on this phone…"). */
export function ScreenNotice() {
  const { notice } = useField();
  const { pathname } = useLocation();
  return (
    <div role="status" class="screen-notice">
      {notice && notice.path === pathname && <p class="notice notice-success">{notice.text}</p>}
    </div>
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

/** A field's problem under it, referenced by the input's aria-describedby. */
export function Problem({ id, message }: { id: string; message: Message | undefined }) {
  const { text } = useFieldI18n();
  if (!message) return null;
  return (
    <p id={id} class="field-problem">
      {text(message)}
    </p>
  );
}

/** The problems left once the user has changed these fields: a mark goes as soon as it is acted on. */
export function withoutProblems<T extends object>(problems: T, fields: readonly string[]): T {
  if (!fields.some((field) => field in problems)) return problems;
  const left = { ...problems } as Record<string, unknown>;
  for (const field of fields) delete left[field];
  return left as T;
}

/** Focus the first field with a problem, in the order of the form. */
export function focusFirstProblem(form: HTMLFormElement | null): void {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"], .has-problem input, .has-problem select');
  target?.focus();
}
