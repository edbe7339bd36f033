import { type FormEvent, useEffect, useState } from 'react';
import { api } from './api.ts';
import { TextField } from './fields.tsx';
import { useI18n } from './i18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useSession } from './session.tsx';
import { ErrorMessage } from './ui.tsx';

/** Password sign-in (POST /api/v1/auth/login); the session cookie is set by the server. */
export function Login() {
  const { t } = useI18n();
  const { signIn, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // A fresh installation has nobody who could sign in: say how to create the first admin.
  const [firstAdminCommand, setFirstAdminCommand] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get<{ needsFirstAdmin: boolean; command: string | null }>('/api/v1/auth/setup')
      .then((r) => {
        if (live) setFirstAdminCommand(r.needsFirstAdmin ? r.command : null);
      })
      .catch(() => {
        // The hint is a courtesy; sign-in works without it.
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.title = `${t('accounts.login.title')} · ${t('console.title')}`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <p className="brand-name">
          {t('app.name')} · {t('console.title')}
        </p>
        <h1 id="login-title">{t('accounts.login.title')}</h1>
        {expired ? (
          <p className="error" role="status">
            {t('accounts.login.session_expired')}
          </p>
        ) : null}
        {firstAdminCommand ? (
          <section className="first-admin" aria-labelledby="first-admin-title">
            <h2 id="first-admin-title">{t('accounts.login.first_admin_title')}</h2>
            <p>{t('accounts.login.first_admin_body')}</p>
            <pre>
              <code>{firstAdminCommand}</code>
            </pre>
          </section>
        ) : null}
        <TextField
          id="login-email"
          label={t('accounts.login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          id="login-password"
          label={t('accounts.login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('accounts.login.signing_in') : t('accounts.login.sign_in')}
          </button>
          <LanguageSwitch />
        </div>
      </form>
    </main>
  );
}
