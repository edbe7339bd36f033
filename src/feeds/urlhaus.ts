import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.ts';
import type { FeedEntry } from './feed-item.ts';
import { parseTimestamp } from './timestamps.ts';

/** URLhaus's column order; the header itself sits in the `#` comment block, so the order is fixed. */
export const URLHAUS_COLUMNS = [
  'id',
  'dateadded',
  'url',
  'url_status',
  'last_online',
  'threat',
  'tags',
  'urlhaus_link',
  'reporter',
] as const;

/**
 * abuse.ch URLhaus CSV dump (`csv_recent`, `csv_online`): `#` comment lines, then quoted rows. These are
 * malware distribution URLs, kept with threat 'malware' so they never count as phishing. Dates are UTC.
 */
export async function* readUrlhausCsv(input: Readable): AsyncGenerator<FeedEntry> {
  for await (const rec of csvRecords(input, { comment: '#' })) {
    if ('rejected' in rec) {
      yield rec;
      continue;
    }
    const { fields, line } = rec;
    if (fields[0]?.trim().toLowerCase() === 'id' && fields[2]?.trim().toLowerCase() === 'url') continue;
    const raw = fields.join(',').slice(0, 500);
    if (fields.length !== URLHAUS_COLUMNS.length) {
      yield {
        rejected: { line, reason: `expected ${URLHAUS_COLUMNS.length} fields, found ${fields.length}`, raw },
      };
      continue;
    }
    const row = Object.fromEntries(URLHAUS_COLUMNS.map((c, i) => [c, fields[i]!])) as Record<
      (typeof URLHAUS_COLUMNS)[number],
      string
    >;
    if (!/^\d+$/.test(row.id.trim())) {
      yield { rejected: { line, reason: 'non-numeric id', raw } };
      continue;
    }
    const reportedAt = parseTimestamp(row.dateadded);
    if (reportedAt === null) {
      yield { rejected: { line, reason: `unreadable dateadded "${row.dateadded.slice(0, 40)}"`, raw } };
      continue;
    }
    if (row.url.trim() === '') {
      yield { rejected: { line, reason: 'empty url', raw } };
      continue;
    }
    yield {
      item: {
        externalId: row.id.trim(),
        url: row.url.trim(),
        reportedAt,
        brandLabel: null,
        threat: 'malware',
        raw: row,
        line,
      },
    };
  }
}
