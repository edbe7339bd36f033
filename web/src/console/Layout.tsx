import type { ReactNode } from 'react';
import { useI18n } from './i18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { SCREENS } from './screens.tsx';
import { useMe, useSession } from './session.tsx';

/** Header (who, language, sign out), the navigation of the user's role, and the screen. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  const entries = SCREENS.filter((s) => s.navKey && s.roles.includes(me.role));

  // The nav entry whose path is the longest prefix of the current path (/triage/reports is not /triage).
  const current = entries
    .map((s) => s.path)
    .filter((p) => p !== '/' && (path === p || path.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0];
  const active = (screenPath: string) => screenPath === current;

  return (
    <div className="console">
      <a className="skip-link" href="#main">
        {t('console.skip_to_content')}
      </a>
      <header className="console-header">
        <Link to="/" className="brand-name">
          {t('app.name')} <span className="muted">· {t('console.title')}</span>
        </Link>
        <div className="header-tools">
          <span className="who" title={me.email ?? undefined}>
            {me.displayName} <span className="badge">{t(`accounts.role.${me.role}`)}</span>
          </span>
          <LanguageSwitch />
          <button
            type="button"
            onClick={() => {
              void signOut().finally(() => navigate('/login'));
            }}
          >
            {t('accounts.login.sign_out')}
          </button>
        </div>
      </header>
      <nav className="console-nav" aria-label={t('console.nav.label')}>
        <ul>
          {entries.map((s) => (
            <li key={s.path}>
              <Link to={s.path} aria-current={active(s.path) ? 'page' : undefined}>
                {t(s.navKey!)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="console-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
