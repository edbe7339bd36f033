/**
 * CSV and JSON renderings of shared URLs: our own CSV, JPCERT/CC's `date,URL,description` (which
 * src/feeds/jpcert.ts reads back) and JSON records.
 */
import type { SharedUrl } from './sharing.repository.ts';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR that hides one) as a formula; such a
 * cell gets a leading apostrophe, the OWASP-recommended neutralisation, so it opens as text.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: neutralised, then quoted when it holds a comma, quote, line break or edge space. */
export function csvField(value: string | number | null): string {
  const s = neutraliseCell(value === null ? '' : String(value));
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

const iso = (ms: number) => new Date(ms).toISOString();

export const CSV_HEADER = [
  'id',
  'url',
  'host',
  'domain',
  'tlp',
  'brand',
  'first_seen',
  'listed_at',
  'updated_at',
  'status',
] as const;

export function csvRow(u: SharedUrl): (string | number | null)[] {
  return [
    u.urlId,
    u.url,
    u.host,
    u.domain,
    u.tlp,
    u.brandSlug,
    iso(u.firstSeen),
    iso(u.listedAt),
    iso(u.updatedAt),
    u.active ? 'active' : 'withdrawn',
  ];
}

export function sharedUrlsCsv(items: readonly SharedUrl[], withHeader = true): string {
  return (withHeader ? csvLine([...CSV_HEADER]) : '') + items.map((u) => csvLine(csvRow(u))).join('');
}

const JST_OFFSET_MS = 9 * 3600 * 1000;

/** `YYYY/MM/DD hh:mm:ss` in JST, as JPCERT/CC publishes (parseJpcertDate reads it back). */
export function jpcertDate(ms: number): string {
  const d = new Date(ms + JST_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * JPCERT/CC phishurl-list format as JPCERT/CC writes it: `date,URL,description`, LF line ends, date = when
 * we first saw the URL (JST, to the second), description = the label the source gave (`SAISON CARD`,
 * `Apple ID`), else the brand's Japanese name; `labels` maps url ids to their source's label.
 */
export function jpcertCsv(
  items: readonly SharedUrl[],
  labels: ReadonlyMap<number, string> = new Map(),
  withHeader = true,
): string {
  const head = withHeader ? 'date,URL,description\n' : '';
  const line = (u: SharedUrl) =>
    `${[
      jpcertDate(Math.floor(u.firstSeen / 1000) * 1000),
      u.url,
      labels.get(u.urlId) ?? u.brandNameJa ?? u.brandName ?? '',
    ]
      .map(csvField)
      .join(',')}\n`;
  return head + items.map(line).join('');
}

export type SharedUrlJson = {
  id: number;
  url: string;
  host: string;
  domain: string | null;
  tlp: string;
  threat: string;
  brand: { slug: string; name: string | null; nameJa: string | null } | null;
  firstSeen: string;
  lastSeen: string;
  listedAt: string;
  updatedAt: string;
  status: 'active' | 'withdrawn';
};

export function sharedUrlJson(u: SharedUrl): SharedUrlJson {
  return {
    id: u.urlId,
    url: u.url,
    host: u.host,
    domain: u.domain,
    tlp: u.tlp,
    threat: u.threat,
    brand: u.brandSlug ? { slug: u.brandSlug, name: u.brandName, nameJa: u.brandNameJa } : null,
    firstSeen: iso(u.firstSeen),
    lastSeen: iso(u.lastSeen),
    listedAt: iso(u.listedAt),
    updatedAt: iso(u.updatedAt),
    status: u.active ? 'active' : 'withdrawn',
  };
}
