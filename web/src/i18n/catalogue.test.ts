import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { pickLang, translator } from './translate.ts';

describe('i18n catalogue', () => {
  it('has every key in both languages, none empty', () => {
    const ja = Object.keys(CATALOGUE.ja).sort();
    expect(Object.keys(CATALOGUE.en).sort()).toEqual(ja);
    for (const lang of ['ja', 'en'] as const) {
      for (const [key, value] of Object.entries(CATALOGUE[lang]))
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('translates with placeholders and picks Japanese by default', () => {
    expect(translator('en')('nav.report')).toBe('Report phishing');
    expect(pickLang(undefined, undefined)).toBe('ja');
    expect(pickLang(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(pickLang('ja', 'en-US')).toBe('ja');
    expect(pickLang('xx', 'fr')).toBe('ja');
  });
});
