import { useEffect } from 'react';
import { I18nProvider, useI18n } from './i18n.tsx';
import { Layout } from './Layout.tsx';
import { Login } from './Login.tsx';
import { matchPath, navigate, useLocation } from './router.tsx';
import { SCREENS } from './screens.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { Loading } from './ui.tsx';

/** The analysts' console: language, session, then the screen the URL names (see screens.tsx). */
export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}

function Shell() {
  const { me } = useSession();
  const location = useLocation();

  useEffect(() => {
    if (me && location.path === '/login') navigate('/', { replace: true });
  }, [me, location.path]);

  if (me === undefined) return <Loading />;
  // Signed out: the login form at whatever URL was asked for, which then opens once signed in.
  if (me === null) return <Login />;

  let content = <NotFound />;
  for (const screen of SCREENS) {
    const params = matchPath(screen.path, location.path);
    if (!params) continue;
    if (screen.roles.includes(me.role)) {
      const Component = screen.component;
      // key: a new screen (or the same pattern with other params) starts with fresh state.
      content = <Component key={location.path} params={params} query={location.query} />;
    }
    break;
  }
  return <Layout>{content}</Layout>;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('error.not_found')}</h1>
      <p className="error" role="alert">
        {t('console.error.not_found')}
      </p>
    </section>
  );
}
