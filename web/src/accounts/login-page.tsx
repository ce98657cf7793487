import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { asApiError, type ApiError } from '../platform/api.ts';
import { useI18n } from '../platform/i18n.ts';
import { navigate, paths } from '../platform/router.tsx';
import { useTitle } from '../platform/status.tsx';
import { logIn, useSession } from './session.ts';

export function LoginPage({ next }: { next: string }) {
  const { t, text } = useI18n();
  const { me, setMe } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('login.title'));

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const account = await logIn(username.trim(), password);
      setMe(account);
      // A one-time password is replaced before anything else.
      navigate(account.mustChangePassword ? paths.password(next) : next, { replace: true });
    } catch (failure) {
      setError(asApiError(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {me ? <p class="notice">{t('login.already', { name: me.displayName })}</p> : <p class="lead">{t('login.intro')}</p>}
      <form class="form card" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <div class="field">
          <label for="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </div>
        {error && (
          <p id="login-error" class="notice notice-error" role="alert">
            {text(error.text)}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
