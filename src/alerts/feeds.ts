import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { type Alert, statusLines } from './alert.ts';

// Characters XML 1.0 does not allow at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F):
// hostile subjects may carry them, and one would make the whole feed unreadable.
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML element or attribute value: invalid characters dropped, markup characters escaped. */
export function xmlText(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const pick = (lang: Lang, ja: string, en: string | null) => (lang === 'en' && en ? en : ja);

function entryText(a: Alert, lang: Lang): string {
  const last = statusLines(a.updates).at(-1);
  const status = last ? pick(lang, last.statusLineJa, last.statusLineEn) : '';
  return [pick(lang, a.summaryJa, a.summaryEn), status, ...a.maskedUrls].filter(Boolean).join('\n');
}

const updatedOf = (a: Alert) => a.lastPublishedAt ?? a.publishedAt ?? a.updatedAt;

/** Atom 1.0 (RFC 4287) feed of public alerts, newest update first. */
export function atomFeed(alerts: Alert[], opts: { baseUrl: string; lang: Lang; now: number }): string {
  const t = translator(opts.lang);
  const self = `${opts.baseUrl}/alerts/feed.atom?lang=${opts.lang}`;
  const updated = new Date(alerts[0] ? updatedOf(alerts[0]) : opts.now).toISOString();
  const entries = alerts.map((a) => {
    const link = `${opts.baseUrl}/alerts/${a.slug}?lang=${opts.lang}`;
    return [
      '<entry>',
      `<id>${xmlText(`${opts.baseUrl}/alerts/${a.slug}`)}</id>`,
      `<title type="text">${xmlText(pick(opts.lang, a.titleJa, a.titleEn))}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
      `<published>${new Date(a.publishedAt ?? a.createdAt).toISOString()}</published>`,
      `<updated>${new Date(updatedOf(a)).toISOString()}</updated>`,
      `<category term="${xmlText(a.brand.slug)}" label="${xmlText(pick(opts.lang, a.brand.nameJa, a.brand.nameEn))}"/>`,
      `<summary type="text">${xmlText(entryText(a, opts.lang))}</summary>`,
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${opts.lang}">`,
    `<id>${xmlText(`${opts.baseUrl}/alerts`)}</id>`,
    `<title type="text">${xmlText(`${t('alerts.feed.title')} | ${t('app.name')}`)}</title>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(`${opts.baseUrl}/alerts?lang=${opts.lang}`)}"/>`,
    `<updated>${updated}</updated>`,
    `<author><name>${xmlText(t('app.name'))}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** RSS 2.0 feed of the same entries. */
export function rssFeed(alerts: Alert[], opts: { baseUrl: string; lang: Lang; now: number }): string {
  const t = translator(opts.lang);
  const items = alerts.map((a) => {
    const link = `${opts.baseUrl}/alerts/${a.slug}?lang=${opts.lang}`;
    return [
      '<item>',
      `<title>${xmlText(pick(opts.lang, a.titleJa, a.titleEn))}</title>`,
      `<link>${xmlText(link)}</link>`,
      `<guid isPermaLink="true">${xmlText(`${opts.baseUrl}/alerts/${a.slug}`)}</guid>`,
      `<pubDate>${new Date(updatedOf(a)).toUTCString()}</pubDate>`,
      `<category>${xmlText(pick(opts.lang, a.brand.nameJa, a.brand.nameEn))}</category>`,
      `<description>${xmlText(entryText(a, opts.lang))}</description>`,
      '</item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xmlText(`${t('alerts.feed.title')} | ${t('app.name')}`)}</title>`,
    `<link>${xmlText(`${opts.baseUrl}/alerts?lang=${opts.lang}`)}</link>`,
    `<atom:link rel="self" type="application/rss+xml" href="${xmlText(`${opts.baseUrl}/alerts/feed.rss?lang=${opts.lang}`)}"/>`,
    `<description>${xmlText(t('alerts.feed.description'))}</description>`,
    `<language>${opts.lang}</language>`,
    `<lastBuildDate>${new Date(alerts[0] ? updatedOf(alerts[0]) : opts.now).toUTCString()}</lastBuildDate>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
