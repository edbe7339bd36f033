import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FeedRejection } from './feed-item.ts';

export type CsvRecord = { fields: string[]; line: number };

/**
 * Streams CSV records with the line each ends on. A structurally broken record (an unclosed quote) is
 * skipped and reported as a rejection instead of ending the stream, the same policy as the JPCERT/CC
 * reader. `comment` lines (URLhaus's `#` header block) are skipped, but only at the start of a line, so a
 * `#` inside a URL is kept.
 */
export async function* csvRecords(
  input: Readable,
  options: { delimiter?: string; comment?: string } = {},
): AsyncGenerator<CsvRecord | { rejected: FeedRejection }> {
  const skipped: { rejected: FeedRejection }[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter: options.delimiter ?? ',',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
      info: true,
      ...(options.comment ? { comment: options.comment, comment_no_infix: true } : {}),
      skip_records_with_error: true,
      on_skip: (err, raw) => {
        skipped.push({
          rejected: {
            line: Number(err?.lines ?? -1),
            reason: `CSV structure: ${err?.message ?? 'unreadable record'}`,
            raw: raw?.slice(0, 500),
          },
        });
        return undefined;
      },
    }),
  );
  // A stream error (network reset, size limit) must end the import as a failure, not look like EOF.
  input.once('error', (err) => parser.destroy(err));
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    yield { fields: record.record, line: record.info.lines };
  }
  yield* skipped.splice(0);
}

/** Column index by header name, case- and space-insensitive. */
export function headerIndex(header: string[]): Map<string, number> {
  return new Map(header.map((h, i) => [normalizeHeader(h), i]));
}

export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
}
