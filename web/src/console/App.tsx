import { useEffect, useMemo, useState } from 'react';
import type { Lang } from '../i18n/catalogue.ts';
import { pickLang, translator } from '../i18n/translate.ts';

/** The analysts' console shell: language switch and health; screens arrive with the console issue. */
export function App() {
  const [lang, setLang] = useState<Lang>(() =>
    pickLang(new URLSearchParams(window.location.search).get('lang'), navigator.language),
  );
  const t = useMemo(() => translator(lang), [lang]);
  const [healthy, setHealthy] = useState<boolean | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    fetch('/healthz')
      .then((r) => setHealthy(r.ok))
      .catch(() => setHealthy(false));
  }, []);

  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', margin: '0 auto', maxWidth: 1200, padding: 16 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>
          {t('app.name')} · {t('console.title')}
        </h1>
        <button type="button" onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}>
          {t('nav.language')}
        </button>
      </header>
      <nav aria-label={t('console.title')}>
        <ul style={{ display: 'flex', gap: 16, listStyle: 'none', padding: 0 }}>
          <li>{t('console.nav.triage')}</li>
          <li>{t('console.nav.campaigns')}</li>
          <li>{t('console.nav.brands')}</li>
          <li>{t('console.nav.sources')}</li>
        </ul>
      </nav>
      <main>
        <p>{t('console.welcome')}</p>
        <p role="status">
          {healthy === null ? '…' : healthy ? t('console.health.ok') : t('console.health.down')}
        </p>
      </main>
    </div>
  );
}
