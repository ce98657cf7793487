import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { Link, navigate, paths } from '../platform/router.tsx';
import { Loading, useTitle } from '../platform/status.tsx';
import { changePassword, useSession } from './session.ts';

/** As account.schema.ts requires of a new password. */
const MIN_LENGTH = 10;

export function PasswordPage({ next }: { next: string }) {
  const { t, text } = useI18n();
  const { me, setMe } = useSession();
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('password.title'));

  if (me === undefined) return <Loading />;
  if (me === null) {
    return (
      <section class="login" aria-labelledby="password-title">
        <h1 id="password-title">{t('password.title')}</h1>
        <Link class="button button-secondary" href={paths.login(paths.password(next))}>
          {t('nav.login')}
        </Link>
      </section>
    );
  }

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (fresh.length < MIN_LENGTH) return setProblem(t('password.too_short', { min: MIN_LENGTH }));
    if (fresh !== repeat) return setProblem(t('password.mismatch'));
    setProblem(null);
    setBusy(true);
    try {
      await changePassword(current, fresh);
      setMe({ ...me, mustChangePassword: false });
      navigate(next, { replace: true });
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const message = problem ?? (error ? text(error.text) : null);
  return (
    <section class="login" aria-labelledby="password-title">
      <h1 id="password-title">{t('password.title')}</h1>
      <p class="lead">{t(me.mustChangePassword ? 'password.required' : 'password.intro')}</p>
      <form class="form card" onSubmit={submit} noValidate>
        <input type="hidden" name="username" autocomplete="username" value={me.username} />
        <div class="field">
          <label for="password-current">{t('password.current')}</label>
          <input
            id="password-current"
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(event) => setCurrent(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password-new">{t('password.new')}</label>
          <input
            id="password-new"
            type="password"
            autocomplete="new-password"
            required
            minLength={MIN_LENGTH}
            aria-describedby="password-new-hint"
            value={fresh}
            onInput={(event) => setFresh(event.currentTarget.value)}
          />
          <p id="password-new-hint" class="field-hint">
            {t('password.too_short', { min: MIN_LENGTH })}
          </p>
        </div>
        <div class="field">
          <label for="password-repeat">{t('password.repeat')}</label>
          <input
            id="password-repeat"
            type="password"
            autocomplete="new-password"
            required
            value={repeat}
            onInput={(event) => setRepeat(event.currentTarget.value)}
          />
        </div>
        {message && (
          <p class="notice notice-error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t('action.saving') : t('password.submit')}
        </button>
      </form>
    </section>
  );
}
