import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LANG, type Lang } from '../i18n/catalogue.ts';
import { isLang, type Translate, translator } from '../i18n/translate.ts';

/**
 * The console's language: Japanese unless the user chose English (remembered in localStorage) or the URL
 * says ?lang=en. Screens call `const { t, lang } = useI18n()`.
 */
const STORAGE_KEY = 'phishdesk.console.lang';

type I18n = { lang: Lang; t: Translate; setLang(lang: Lang): void; formatTime(ms: number | string): string };

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage disabled: the default is fine
  }
  return DEFAULT_LANG;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
  }, []);
  const value = useMemo<I18n>(() => {
    // Japan Standard Time whatever the browser's zone, and said so: the desk, the police and the public
    // pages all speak JST.
    const dates = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Tokyo',
    });
    return {
      lang,
      t: translator(lang),
      setLang,
      formatTime: (ms) => {
        const d = new Date(ms);
        return Number.isNaN(d.getTime()) ? String(ms) : `${dates.format(d)} JST`;
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
