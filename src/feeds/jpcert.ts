import { hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.ts';
import type { FeedEntry } from './feed-item.ts';

const HEADER = ['date', 'URL', 'description'];
const JST_OFFSET_MS = 9 * 3600 * 1000;

/** `YYYY/MM/DD hh:mm:ss` in JST (JPCERT/CC's published format) to epoch ms; null when malformed. */
export function parseJpcertDate(value: string): number | null {
  // Read digit by digit: one call per imported row, where a regular expression and a Date per row cost
  // more than the rest of the row's parsing.
  const v = value.trim();
  if (v.length !== 19 || v[4] !== '/' || v[7] !== '/' || v[10] !== ' ' || v[13] !== ':' || v[16] !== ':')
    return null;
  const y = digits(v, 0, 4);
  const mo = digits(v, 5, 2);
  const d = digits(v, 8, 2);
  const h = digits(v, 11, 2);
  const mi = digits(v, 14, 2);
  const s = digits(v, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23) return null;
  if (mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s) - JST_OFFSET_MS;
}

/** The decimal number written in `length` characters from `start`; -1 when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The raw row is rebuilt only for a rejection: joining every row cost more than the rejections are worth. */
function rejection(fields: string[], line: number, reason: string): FeedEntry {
  return { rejected: { line, reason, raw: fields.join(',') } };
}

/**
 * Streams JPCERT/CC's phishurl-list CSV (`date,URL,description`). The external id is a hash of the row
 * plus its occurrence number among identical rows of the same stream, so exact repeats inside a file are
 * kept as separate reports while re-importing the file adds nothing.
 */
export async function* readJpcertCsv(input: Readable, sourceName = 'jpcert'): AsyncGenerator<FeedEntry> {
  const seen = new Map<string, number>();
  let headerChecked = false;
  for await (const record of csvRecords(input)) {
    if ('rejected' in record) {
      yield record;
      continue;
    }
    const { fields, line } = record;
    if (!headerChecked) {
      headerChecked = true;
      if (fields.join(',') === HEADER.join(',')) continue;
    }
    if (fields.length !== 3) {
      yield rejection(fields, line, `expected 3 fields, found ${fields.length}`);
      continue;
    }
    const [date, url, description] = fields as [string, string, string];
    const reportedAt = parseJpcertDate(date);
    if (reportedAt === null) {
      yield rejection(fields, line, `unreadable date "${date.slice(0, 40)}"`);
      continue;
    }
    if (!url.trim()) {
      yield rejection(fields, line, 'empty URL');
      continue;
    }
    // One-shot hash(): a Hash object per row costs more than the hashing itself at import volumes.
    const digest = hash('sha256', `${sourceName}\n${date}\n${url}\n${description}`, 'base64url');
    const key = digest.slice(0, 22);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    yield {
      item: {
        externalId: n === 1 ? key : `${key}#${n}`,
        url: url.trim(),
        reportedAt,
        brandLabel: description.trim() || null,
        threat: 'phishing',
        raw: { date, URL: url, description },
        line,
      },
    };
  }
}
