import { useI18n } from './i18n.tsx';

/** Switches the console between Japanese and English; shown in the header and on the sign-in page. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <button
      type="button"
      lang={lang === 'ja' ? 'en' : 'ja'}
      // The visible word (the other language's name) starts the accessible name, as WCAG 2.5.3 asks.
      aria-label={`${t('nav.language')} (${t('console.language_switch')})`}
      onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
    >
      {t('nav.language')}
    </button>
  );
}
