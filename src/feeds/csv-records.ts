import type { Readable } from 'node:stream';
import { type Options, Parser } from 'csv-parse';
import type { FeedRejection } from './feed-item.ts';

export type CsvRecord = { fields: string[]; line: number };

/** The incremental parser inside csv-parse's stream (`Parser#api`), driven here without the stream. */
type CsvApi = {
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
  info: { lines: number };
};

/**
 * Streams CSV records with the line each ends on. A structurally broken record (an unclosed quote) is
 * skipped and reported as a rejection instead of ending the stream, the same policy as the JPCERT/CC
 * reader. `comment` lines (URLhaus's `#` header block) are skipped, but only at the start of a line, so a
 * `#` inside a URL is kept.
 *
 * csv-parse's own incremental parser is fed chunk by chunk instead of piping into its Transform stream:
 * the stream delivered one object per record through the stream machinery and built an `info` object per
 * record for its line number, which together cost more than the parsing itself on large imports. The line
 * is read from the parser's running count at the moment the record is complete, the same value `info`
 * carried. (csv-parse is pinned by the lock file; the tests on rejected lines catch a change of `api`.)
 */
export async function* csvRecords(
  input: Readable,
  options: { delimiter?: string; comment?: string } = {},
): AsyncGenerator<CsvRecord | { rejected: FeedRejection }> {
  const ready: (CsvRecord | { rejected: FeedRejection })[] = [];
  const settings: Options = {
    bom: true,
    delimiter: options.delimiter ?? ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
    ...(options.comment ? { comment: options.comment, comment_no_infix: true } : {}),
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      ready.push({
        rejected: {
          line: Number(err?.lines ?? -1),
          reason: `CSV structure: ${err?.message ?? 'unreadable record'}`,
          raw: raw?.slice(0, 500),
        },
      });
      return undefined;
    },
  };
  const api = (new Parser(settings) as unknown as { api: CsvApi }).api;
  const push = (fields: string[]) => {
    ready.push({ fields, line: api.info.lines });
  };
  const done = () => {};
  // A stream error (network reset, size limit) rejects this loop: the import fails, it does not look like EOF.
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    // The parser copies bytes into buffers of its own, so Uint8Array chunks are fine; text is encoded first.
    const error = api.parse(
      typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer),
      false,
      push,
      done,
    );
    if (error) throw error;
    yield* ready.splice(0);
  }
  const error = api.parse(undefined, true, push, done);
  if (error) throw error;
  yield* ready.splice(0);
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
