import type { Readable } from 'node:stream';
import { csvRecords, headerIndex } from './csv-records.ts';
import type { FeedEntry } from './feed-item.ts';
import { streamJsonArray } from './json-stream.ts';
import { parseTimestamp } from './timestamps.ts';

const CSV_COLUMNS = [
  'phish_id',
  'url',
  'phish_detail_url',
  'submission_time',
  'verified',
  'verification_time',
  'online',
  'target',
] as const;

type PhishtankRow = Partial<Record<(typeof CSV_COLUMNS)[number], unknown>> & { details?: unknown };

/**
 * One PhishTank entry to a feed entry. Only verified phish are taken (the dumps should hold nothing else,
 * but an unverified row is a community guess, not a confirmation); `target` is PhishTank's brand, where
 * 'Other' means "not one of ours" and so no label. The date is the verification time, when PhishTank
 * confirmed it, else the submission time.
 */
function toEntry(row: PhishtankRow, line: number): FeedEntry | null {
  const id = row.phish_id;
  const phishId = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
  if (!/^\d+$/.test(phishId)) return { rejected: { line, reason: 'missing or non-numeric phish_id' } };
  const verified = String(row.verified ?? '')
    .trim()
    .toLowerCase();
  if (verified !== 'yes') return null;
  const url = typeof row.url === 'string' ? row.url.trim() : '';
  if (url === '') return { rejected: { line, reason: `phish ${phishId}: empty url` } };
  const reportedAt = parseTimestamp(row.verification_time) ?? parseTimestamp(row.submission_time);
  if (reportedAt === null) return { rejected: { line, reason: `phish ${phishId}: unreadable dates` } };
  const target = typeof row.target === 'string' ? row.target.trim() : '';
  return {
    item: {
      externalId: phishId,
      url,
      reportedAt,
      brandLabel: target === '' || target.toLowerCase() === 'other' ? null : target,
      threat: 'phishing',
      raw: row,
      line,
    },
  };
}

/** PhishTank's JSON dump (`online-valid.json`): one big array, streamed element by element. */
export async function* readPhishtankJson(input: Readable): AsyncGenerator<FeedEntry> {
  for await (const el of streamJsonArray(input)) {
    if ('error' in el) {
      yield { rejected: { line: el.line, reason: el.error } };
      continue;
    }
    if (typeof el.value !== 'object' || el.value === null || Array.isArray(el.value)) {
      yield { rejected: { line: el.line, reason: 'array element is not an object' } };
      continue;
    }
    const entry = toEntry(el.value as PhishtankRow, el.line);
    if (entry) yield entry;
  }
}

/** PhishTank's CSV dump (`online-valid.csv`), header `phish_id,url,phish_detail_url,…,target`. */
export async function* readPhishtankCsv(input: Readable): AsyncGenerator<FeedEntry> {
  let columns: Map<string, number> | null = null;
  for await (const rec of csvRecords(input)) {
    if ('rejected' in rec) {
      yield rec;
      continue;
    }
    if (!columns) {
      columns = headerIndex(rec.fields);
      const missing = ['phish_id', 'url', 'verified'].filter((c) => !columns!.has(c));
      if (missing.length > 0) {
        yield {
          rejected: { line: rec.line, reason: `not a PhishTank CSV header (missing ${missing.join(', ')})` },
        };
        return;
      }
      continue;
    }
    const row: PhishtankRow = {};
    for (const name of CSV_COLUMNS) {
      const i = columns.get(name);
      if (i !== undefined) row[name] = rec.fields[i];
    }
    const entry = toEntry(row, rec.line);
    if (entry) yield entry;
  }
}
