import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { FeedEntry } from './feed-item.ts';
import { type Credentials, fetchFeed, fetchJson } from './fetcher.ts';
import { readGeneric } from './generic.ts';
import { readJpcertCsv } from './jpcert.ts';
import { readMispEvent, readMispManifest } from './misp.ts';
import { readOpenphish } from './openphish.ts';
import { readPhishtankCsv, readPhishtankJson } from './phishtank.ts';
import type { FeedKind, SourceSettings } from './source-config.ts';
import { readStixBundle } from './stix.ts';
import { pollTaxiiCollection } from './taxii.ts';
import { readUrlhausCsv } from './urlhaus.ts';

/** Kinds whose whole feed is one document, read by one streaming reader. */
export type DocumentKind = Exclude<FeedKind, 'taxii' | 'misp'>;

export type SourceState = Record<string, unknown>;

export type CollectInput = {
  /** The one outbound guard (ctx.outbound). */
  outbound: Outbound;
  name: string;
  kind: FeedKind;
  url: string;
  credentials: Credentials | null;
  settings: SourceSettings;
  etag: string | null;
  lastModified: string | null;
  state: SourceState;
};

/** What the run carries forward once every entry has been read. */
export type CollectionEnd = {
  etag: string | null;
  lastModified: string | null;
  state: SourceState;
  /** Failures that did not stop the run (a MISP event that could not be fetched). */
  errors: string[];
};

export type Collection =
  | { notModified: true }
  | { notModified: false; entries: AsyncIterable<FeedEntry>; finish(): CollectionEnd; abort(): void };

/** The streaming reader of a one-document kind. */
export function documentReader(
  kind: DocumentKind,
  settings: SourceSettings,
  sourceName: string,
): (input: Readable) => AsyncIterable<FeedEntry> {
  const threat = settings.threat ? { threat: settings.threat } : {};
  switch (kind) {
    case 'openphish':
      return readOpenphish;
    case 'phishtank-json':
      return readPhishtankJson;
    case 'phishtank-csv':
      return readPhishtankCsv;
    case 'urlhaus':
      return readUrlhausCsv;
    case 'jpcert':
      return (input) => readJpcertCsv(input, sourceName);
    case 'stix':
      return (input) => readStixBundle(input, threat);
    case 'generic': {
      const mapping = settings.mapping;
      if (!mapping) throw new AppError('request.invalid', 'a generic source needs config.mapping');
      return (input) => readGeneric(input, { ...mapping, ...threat });
    }
  }
}

/**
 * Ends the entries with the stream's error if the download fails. Some readers pipe the stream into a
 * parser, and `pipe` does not pass errors on: without this a broken download would hang the run.
 */
export async function* failWithStream(
  entries: AsyncIterable<FeedEntry>,
  stream: Readable,
): AsyncGenerator<FeedEntry> {
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  const it = entries[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await Promise.race([it.next(), failed]);
      if (r.done) return;
      yield r.value;
    }
  } finally {
    stream.destroy();
  }
}

function transferOptions(settings: SourceSettings) {
  return {
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.maxBytes ? { maxBytes: settings.maxBytes } : {}),
  };
}

async function collectDocument(input: CollectInput, kind: DocumentKind): Promise<Collection> {
  const read = documentReader(kind, input.settings, input.name);
  const res = await fetchFeed({
    outbound: input.outbound,
    url: input.url,
    credentials: input.credentials,
    etag: input.etag,
    lastModified: input.lastModified,
    ...transferOptions(input.settings),
  });
  if (res.notModified) return { notModified: true };
  return {
    notModified: false,
    entries: failWithStream(read(res.body), res.body),
    finish: () => ({ etag: res.etag, lastModified: res.lastModified, state: {}, errors: [] }),
    abort: res.abort,
  };
}

function collectTaxii(input: CollectInput): Collection {
  const addedAfter =
    typeof input.state.addedAfter === 'string' ? input.state.addedAfter : (input.settings.addedAfter ?? null);
  const poll = pollTaxiiCollection({
    outbound: input.outbound,
    collectionUrl: input.url,
    addedAfter,
    credentials: input.credentials,
    ...(input.settings.limit ? { limit: input.settings.limit } : {}),
    ...(input.settings.maxPages ? { maxPages: input.settings.maxPages } : {}),
    ...(input.settings.threat ? { threat: input.settings.threat } : {}),
    ...transferOptions(input.settings),
  });
  return {
    notModified: false,
    entries: poll.entries,
    finish: () => ({
      etag: null,
      lastModified: null,
      state: { addedAfter: poll.result().addedAfter },
      errors: [],
    }),
    abort: () => {},
  };
}

/**
 * A MISP feed: `manifest.json` (fetched conditionally) lists the events with their last-change time;
 * only events new or changed since the last good poll are fetched. An event that cannot be fetched is
 * an error of the run, the others are still imported, and it is tried again next time.
 */
async function collectMisp(input: CollectInput): Promise<Collection> {
  const base = input.url.replace(/manifest\.json$/, '').replace(/\/?$/, '/');
  const transfer = {
    outbound: input.outbound,
    credentials: input.credentials,
    ...transferOptions(input.settings),
  };
  const m = await fetchJson({
    url: `${base}manifest.json`,
    etag: input.etag,
    lastModified: input.lastModified,
    ...transfer,
  });
  if (m.notModified) return { notModified: true };
  let manifest: ReturnType<typeof readMispManifest>;
  try {
    manifest = readMispManifest(m.value);
  } catch (e) {
    throw new AppError('feed.parse_failed', (e as Error).message);
  }
  const known = (input.state.events ?? {}) as Record<string, string>;
  const done: Record<string, string> = {};
  const errors: string[] = [];
  const options = {
    ...(input.settings.threat ? { threat: input.settings.threat } : {}),
    ...(input.settings.includeNonIds ? { includeNonIds: true } : {}),
  };
  async function* entries(): AsyncGenerator<FeedEntry> {
    for (const ev of manifest) {
      if (ev.timestamp !== '' && known[ev.uuid] === ev.timestamp) {
        done[ev.uuid] = ev.timestamp;
        continue;
      }
      let found: FeedEntry[];
      try {
        const r = await fetchJson({ url: `${base}${ev.uuid}.json`, ...transfer });
        found = r.notModified ? [] : readMispEvent(r.value, options);
      } catch (e) {
        errors.push(`event ${ev.uuid}: ${(e as Error).message}`);
        if (known[ev.uuid] !== undefined) done[ev.uuid] = known[ev.uuid]!;
        continue;
      }
      for (const f of found)
        yield 'rejected' in f
          ? { rejected: { ...f.rejected, reason: `event ${ev.uuid}: ${f.rejected.reason}` } }
          : f;
      done[ev.uuid] = ev.timestamp;
    }
  }
  return {
    notModified: false,
    entries: entries(),
    // With a failed event the manifest validators are not kept, so the next poll reads it again.
    finish: () => ({
      etag: errors.length ? null : m.res.etag,
      lastModified: errors.length ? null : m.res.lastModified,
      state: { events: done },
      errors,
    }),
    abort: () => {},
  };
}

/** Starts collecting a source: fetch (conditional where the kind allows) and the entries to import. */
export async function collect(input: CollectInput): Promise<Collection> {
  if (input.kind === 'taxii') return collectTaxii(input);
  if (input.kind === 'misp') return collectMisp(input);
  return collectDocument(input, input.kind);
}

/**
 * Drops a repeated external id within one run: the store keys reports by (source, external id), and two
 * rows with the same id in one batch would be counted twice. The first occurrence wins.
 */
export async function* uniqueEntries(entries: AsyncIterable<FeedEntry>): AsyncGenerator<FeedEntry> {
  const seen = new Set<string>();
  for await (const e of entries) {
    if ('item' in e) {
      if (seen.has(e.item.externalId)) continue;
      seen.add(e.item.externalId);
    }
    yield e;
  }
}
