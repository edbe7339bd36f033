import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import { csvRecords, normalizeHeader } from './csv-records.ts';
import type { FeedEntry } from './feed-item.ts';
import { urlId } from './openphish.ts';
import { looksLikeAbsoluteUrl, textLines } from './text-lines.ts';
import { parseTimestamp } from './timestamps.ts';

/** A column by header name (case-insensitive) or by 0-based index. */
export type ColumnRef = string | number;

export type GenericMapping = {
  /** `csv` (default): delimited rows; `txt`: one URL a line (the column fields are then unused). */
  format?: 'csv' | 'txt';
  url: ColumnRef;
  date?: ColumnRef;
  brand?: ColumnRef;
  /** The partner's own row id; without it the id is the SHA-256 of the URL. */
  id?: ColumnRef;
  delimiter?: string;
  /** Default: true when any column is given by name, false when all are indexes. */
  hasHeader?: boolean;
  /** Offset for zone-less dates, e.g. '+09:00' for a Japanese partner; default UTC. */
  timezone?: string;
  /** Lines starting with this are skipped (e.g. '#'). */
  comment?: string;
  threat?: 'phishing' | 'malware';
};

type Resolved = { url: number; date?: number; brand?: number; id?: number };

function resolveColumns(mapping: GenericMapping, header: string[] | null): Resolved | string {
  const index = header ? new Map(header.map((h, i) => [normalizeHeader(h), i])) : null;
  const out: Partial<Resolved> = {};
  for (const key of ['url', 'date', 'brand', 'id'] as const) {
    const ref = mapping[key];
    if (ref === undefined) continue;
    if (typeof ref === 'number') {
      out[key] = ref;
      continue;
    }
    const i = index?.get(normalizeHeader(ref));
    if (i === undefined) return `column "${ref}" (${key}) not found in the header`;
    out[key] = i;
  }
  return out as Resolved;
}

/**
 * A partner's own CSV/TSV or plain-text list, read through a column mapping. Rows are checked one by one:
 * a row without a URL, with an unreadable date or an empty id is rejected with its line; a header that
 * lacks a mapped column rejects the file once (nothing in it can be read correctly).
 */
export async function* readGeneric(input: Readable, mapping: GenericMapping): AsyncGenerator<FeedEntry> {
  const threat = mapping.threat ?? 'phishing';
  if (mapping.format === 'txt') {
    for await (const { text, line } of textLines(input)) {
      const url = text.trim();
      if (url === '' || (mapping.comment && url.startsWith(mapping.comment))) continue;
      if (/\s/.test(url)) {
        yield { rejected: { line, reason: 'line holds more than one word', raw: text.slice(0, 500) } };
        continue;
      }
      yield { item: { externalId: urlId(url), url, threat, brandLabel: null, raw: { url }, line } };
    }
    return;
  }
  const hasHeader =
    mapping.hasHeader ??
    [mapping.url, mapping.date, mapping.brand, mapping.id].some((r) => typeof r === 'string');
  let cols: Resolved | null = null;
  if (!hasHeader) {
    const r = resolveColumns(mapping, null);
    if (typeof r === 'string') throw new AppError('request.invalid', `generic mapping: ${r}`);
    cols = r;
  }
  const records = csvRecords(input, {
    delimiter: mapping.delimiter ?? ',',
    ...(mapping.comment ? { comment: mapping.comment } : {}),
  });
  for await (const rec of records) {
    if ('rejected' in rec) {
      yield rec;
      continue;
    }
    const { fields, line } = rec;
    if (!cols) {
      const r = resolveColumns(mapping, fields);
      if (typeof r === 'string') {
        yield { rejected: { line, reason: r, raw: fields.join(',').slice(0, 500) } };
        return;
      }
      cols = r;
      continue;
    }
    const raw = fields.join(mapping.delimiter ?? ',').slice(0, 500);
    const url = fields[cols.url]?.trim() ?? '';
    if (url === '') {
      yield { rejected: { line, reason: 'empty URL column', raw } };
      continue;
    }
    if (/\s/.test(url) && !looksLikeAbsoluteUrl(url)) {
      yield { rejected: { line, reason: 'URL column holds spaces', raw } };
      continue;
    }
    let reportedAt: number | undefined;
    if (cols.date !== undefined) {
      const value = fields[cols.date] ?? '';
      const ms = parseTimestamp(value, mapping.timezone ?? '+00:00');
      if (ms === null) {
        yield { rejected: { line, reason: `unreadable date "${value.slice(0, 40)}"`, raw } };
        continue;
      }
      reportedAt = ms;
    }
    let externalId = urlId(url);
    if (cols.id !== undefined) {
      const id = fields[cols.id]?.trim() ?? '';
      if (id === '') {
        yield { rejected: { line, reason: 'empty id column', raw } };
        continue;
      }
      externalId = id;
    }
    const brand = cols.brand !== undefined ? fields[cols.brand]?.trim() || null : null;
    yield {
      item: {
        externalId,
        url,
        ...(reportedAt !== undefined ? { reportedAt } : {}),
        brandLabel: brand,
        threat,
        raw: { line, fields },
        line,
      },
    };
  }
}
