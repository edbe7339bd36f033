import { type FormEvent, useEffect, useState } from 'react';
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
