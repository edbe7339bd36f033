import { useEffect, useState } from 'react';
import { useI18n } from './i18n.tsx';
import { Link } from './router.tsx';
import { SCREENS } from './screens.tsx';
import { useMe } from './session.tsx';
import { ScreenTitle } from './ui.tsx';

/** Start page: the user's tasks (the navigation entries of their role) and whether the system is up. */
export function Home() {
  const { t } = useI18n();
  const me = useMe();
  const [healthy, setHealthy] = useState<boolean | null>(null);
  const [outbound, setOutbound] = useState<{ enabled: boolean; proxy: boolean } | null>(null);
  useEffect(() => {
    fetch('/healthz')
      .then(async (r) => {
        setHealthy(r.ok);
        const body = (await r.json().catch(() => null)) as {
          outbound?: { enabled: boolean; proxy: boolean };
        };
        if (body?.outbound) setOutbound(body.outbound);
      })
      .catch(() => setHealthy(false));
  }, []);
  const entries = SCREENS.filter((s) => s.navKey && s.roles.includes(me.role));
  return (
    <section>
      <ScreenTitle>{t('console.title')}</ScreenTitle>
      <p>{t('console.welcome')}</p>
      <ul className="tiles">
        {entries.map((s) => (
          <li key={s.path}>
            <Link to={s.path} className="card tile">
              {t(s.navKey!)}
            </Link>
          </li>
        ))}
      </ul>
      <p role="status" className="muted">
        {healthy === null ? '…' : healthy ? t('console.health.ok') : t('console.health.down')}
      </p>
      {outbound && (
        <p className={outbound.enabled ? 'muted' : 'notice'} data-testid="outbound-status">
          {outbound.enabled ? t('console.outbound.on') : t('console.outbound.off')}
          {outbound.enabled && outbound.proxy ? ` (${t('console.outbound.proxy')})` : ''}
        </p>
      )}
    </section>
  );
}
