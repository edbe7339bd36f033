import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.ts';
import { type DocumentKind, documentReader, uniqueEntries } from './collectors.ts';
import type { FeedEntry } from './feed-item.ts';
import type { GenericMapping } from './generic.ts';
import { type MispOptions, readMispEvent, readMispManifest } from './misp.ts';
import { parseSourceSettings } from './source-config.ts';

/** Formats `phishdesk import --format` reads from files (TAXII is a service, not a file). */
export const FEED_FILE_FORMATS = [
  'jpcert',
  'openphish',
  'phishtank-json',
  'phishtank-csv',
  'urlhaus',
  'stix',
  'misp',
  'generic',
] as const;
export type FeedFileFormat = (typeof FEED_FILE_FORMATS)[number];

export type FeedFileOptions = {
  /** The source the file is recorded under (the JPCERT/CC reader's ids include it). */
  sourceName?: string;
  /** Required for `generic`. */
  mapping?: GenericMapping;
  threat?: 'phishing' | 'malware';
  includeNonIds?: boolean;
};

/** A file stream, inflated when the file is gzip (`online-valid.json.gz`). */
function openFile(file: string): Readable {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const stream = fs.createReadStream(file);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return stream;
  const gunzip = createGunzip();
  stream.on('error', (err) => gunzip.destroy(err));
  return stream.pipe(gunzip);
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AppError('import.file_unreadable', `${path.basename(file)}: ${(e as Error).message}`);
  }
}

/**
 * A MISP feed on disk: a directory with `manifest.json` (or the manifest itself) reads every event it
 * lists; any other file is one event.
 */
async function* readMispPath(file: string, options: MispOptions): AsyncGenerator<FeedEntry> {
  const isDir = fs.statSync(file).isDirectory();
  const manifestPath = isDir ? path.join(file, 'manifest.json') : file;
  if (!isDir && path.basename(file) !== 'manifest.json') {
    yield* readMispEvent(readJsonFile(file), options);
    return;
  }
  let events: ReturnType<typeof readMispManifest>;
  try {
    events = readMispManifest(readJsonFile(manifestPath));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('import.file_unreadable', `${manifestPath}: ${(e as Error).message}`);
  }
  const dir = path.dirname(manifestPath);
  for (const ev of events) {
    const eventFile = path.join(dir, `${ev.uuid}.json`);
    if (!fs.existsSync(eventFile)) {
      yield {
        rejected: { line: 0, reason: `event ${ev.uuid}: listed in the manifest but no ${ev.uuid}.json` },
      };
      continue;
    }
    for (const e of readMispEvent(readJsonFile(eventFile), options))
      yield 'rejected' in e
        ? { rejected: { ...e.rejected, reason: `event ${ev.uuid}: ${e.rejected.reason}` } }
        : e;
  }
}

/** The entries of one feed file, for `phishdesk import --format <format> FILE...`. */
export function readFeedFile(
  format: FeedFileFormat,
  file: string,
  options: FeedFileOptions = {},
): AsyncIterable<FeedEntry> {
  if (!fs.existsSync(file)) throw new AppError('import.file_unreadable', `cannot read ${file}: no such file`);
  const threat = options.threat ? { threat: options.threat } : {};
  if (format === 'misp')
    return uniqueEntries(
      readMispPath(file, { ...threat, ...(options.includeNonIds ? { includeNonIds: true } : {}) }),
    );
  if (format === 'generic') {
    if (!options.mapping)
      throw new AppError('request.invalid', 'generic format needs a column mapping (--map url=…)');
    parseSourceSettings('generic', { mapping: options.mapping });
  }
  const read = documentReader(
    format as DocumentKind,
    { ...threat, ...(options.mapping ? { mapping: options.mapping } : {}) },
    options.sourceName ?? format,
  );
  return uniqueEntries(read(openFile(file)));
}

/**
 * `--map url=URL,date=dateadded,brand=target,id=0` (names or 0-based indexes) plus optional `format=txt`,
 * `delimiter=;` (`tab` for a tab), `header=no`, `timezone=+09:00`, `comment=#` into a mapping.
 */
export function parseMappingOption(spec: string): GenericMapping {
  const out: Record<string, unknown> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new AppError('request.invalid', `--map: "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (['url', 'date', 'brand', 'id'].includes(key)) out[key] = /^\d+$/.test(value) ? Number(value) : value;
    else if (key === 'format') out.format = value;
    else if (key === 'delimiter') out.delimiter = value === 'tab' ? '\t' : value;
    else if (key === 'header') out.hasHeader = !['no', 'false', '0'].includes(value.toLowerCase());
    else if (key === 'timezone') out.timezone = value;
    else if (key === 'comment') out.comment = value;
    else throw new AppError('request.invalid', `--map: unknown key "${key}"`);
  }
  if (out.url === undefined && out.format !== 'txt')
    throw new AppError('request.invalid', '--map: url=… is required');
  if (out.url === undefined) out.url = 0;
  return out as GenericMapping;
}
