import { CATALOGUE, DEFAULT_LANG, LANGUAGES, type Lang, type MessageKey } from './catalogue.ts';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `{name}` placeholders are replaced by params; the result is plain text (callers escape when rendering). */
export function translator(lang: Lang): Translate {
  const messages = CATALOGUE[lang];
  return (key, params) => {
    const template = messages[key] ?? CATALOGUE[DEFAULT_LANG][key] ?? key;
    return params
      ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
      : template;
  };
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the language: explicit choice first, then the browser's Accept-Language, else Japanese. */
export function pickLang(explicit: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(explicit)) return explicit;
  const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLang(first) ? first : DEFAULT_LANG;
}
