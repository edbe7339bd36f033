import { hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.ts';
import type { FeedEntry } from './feed-item.ts';

const HEADER = ['date', 'URL', 'description'];
const JST_OFFSET_MS = 9 * 3600 * 1000;
const DATE_RE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY/MM/DD hh:mm:ss` in JST (JPCERT/CC's published format) to epoch ms; null when malformed. */
export function parseJpcertDate(value: string): number | null {
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - JST_OFFSET_MS;
  const check = new Date(ms + JST_OFFSET_MS);
  return check.getUTCDate() === d && check.getUTCMonth() === mo - 1 ? ms : null;
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
    // The raw row is rebuilt only for a rejection: joining every row cost more than the rejections are worth.
    const rejected = (reason: string) => ({ rejected: { line, reason, raw: fields.join(',') } });
    if (fields.length !== 3) {
      yield rejected(`expected 3 fields, found ${fields.length}`);
      continue;
    }
    const [date, url, description] = fields as [string, string, string];
    const reportedAt = parseJpcertDate(date);
    if (reportedAt === null) {
      yield rejected(`unreadable date "${date.slice(0, 40)}"`);
      continue;
    }
    if (!url.trim()) {
      yield rejected('empty URL');
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
      },
    };
  }
}
