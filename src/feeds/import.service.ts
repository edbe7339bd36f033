import type { BrandRegistry } from '../brands/brand-registry.ts';
import type { FieldLimits } from '../config.ts';
import { isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { bytesOver, oversizedField } from '../reports/field-limits.ts';
import type { IngestBatch, IngestRepository, NewUrlsJob } from '../reports/ingest.repository.ts';
import type { BatchWriter } from '../reports/ingest-writer.ts';
import { type IntakeAllowlist, observeUrl } from '../reports/observe-url.ts';
import type { SourceRecord, SourcesRepository } from '../sources/sources.repository.ts';
import { withoutNul } from '../storage/nul-plugin.ts';
import type { FeedEntry, FeedItem, FeedRejection } from './feed-item.ts';

export type ImportSummary = {
  rows: number;
  inserted: number;
  known: number;
  newUrls: number;
  /** Rows of this input whose URL could not be canonicalised (stored as reports with the reason). */
  invalidUrls: number;
  /** URLs confirmed by this import because its source is `confirmed` (issue 16). */
  confirmed: number;
  /** Rows the reader could not turn into an item at all, or refused for their size (fieldLimits). */
  rejected: FeedRejection[];
};

// Large batches: fewer commits and WAL checkpoints, and more repeats of a domain or host merged in memory.
const BATCH = 5000;

type BatchEntry = IngestBatch['reports'][number] & { invalid: boolean };

/**
 * Stores feed items as reports with their URLs, in batches of one transaction each. A batch either lands
 * whole or not at all, and re-running the same input adds nothing, so an interrupted import is resumed
 * by running it again.
 */
export function createImportService(deps: {
  ingest: IngestRepository;
  sources: SourcesRepository;
  brands: BrandRegistry;
  clock: Clock;
  /** Largest field, row and URL of an imported row (config `fieldLimits`): beyond, the row is refused. */
  fieldLimits: FieldLimits;
  /** Allowlist hook (src/triage): URLs on allowlisted hosts are stored as 'allowlisted'. */
  allowlist?: IntakeAllowlist;
  /** Triage hook: a batch from a `confirmed` source confirms its URLs (after the batch has committed). */
  confirmFromSource?: (source: SourceRecord, urlHashes: string[]) => Promise<number>;
  /** Arrival hook: the job a batch's new URLs get, in the batch's transaction (evidence on arrival). */
  newUrlsJob?: (source: SourceRecord) => NewUrlsJob | undefined;
  /** Rules hook: a batch below `confirmed` trust that brought new reports (after it has committed). */
  afterBatch?: (source: SourceRecord, urlHashes: string[]) => Promise<void>;
}) {
  const limits = deps.fieldLimits;

  /** Why this row is too large to store, or null. Most rows are decided by the payload's size alone. */
  function sizeRefusal(item: FeedItem, payload: string): string | null {
    const url = bytesOver(item.url, limits.urlBytes);
    if (url !== null) return `URL is ${url} bytes; at most ${limits.urlBytes}`;
    // The one field to blame when there is one; else the row as a whole (many fields, each under).
    const field = bytesOver(payload, limits.fieldBytes) && oversizedField(item.raw, limits.fieldBytes);
    if (field) return `field ${field.path} is ${field.bytes} bytes; at most ${limits.fieldBytes}`;
    const row = bytesOver(payload, limits.rowBytes);
    if (row !== null) return `row is ${row} bytes as stored; at most ${limits.rowBytes}`;
    // Stored in columns of their own, whether or not the raw row holds them.
    const id = bytesOver(item.externalId, limits.fieldBytes);
    if (id !== null) return `id is ${id} bytes; at most ${limits.fieldBytes}`;
    const brand = item.brandLabel ? bytesOver(item.brandLabel, limits.fieldBytes) : null;
    if (brand !== null) return `brand is ${brand} bytes; at most ${limits.fieldBytes}`;
    return null;
  }

  function refusal(item: FeedItem, reason: string, payload: string): FeedRejection {
    const line = item.line ?? 0;
    const where = item.file
      ? `${item.file}:${line}: `
      : item.line === undefined
        ? `id ${item.externalId.slice(0, 80)}: `
        : '';
    return { line, reason: `${where}${reason}`, raw: payload.slice(0, 500) };
  }

  function toBatchEntry(item: FeedItem, sourceName: string, now: number): BatchEntry | FeedRejection {
    const payload = JSON.stringify(item.raw);
    const tooLarge = sizeRefusal(item, payload);
    if (tooLarge) return refusal(item, tooLarge, payload);
    const labelBrand = deps.brands.resolveLabel(item.brandLabel);
    const reportedAt = item.reportedAt ?? now;
    const report = {
      externalId: item.externalId,
      kind: 'feed',
      status: 'processed',
      receivedAt: now,
      reportedAt,
      brandLabel: item.brandLabel ?? null,
      tlp: item.tlp ?? null,
      brandId: labelBrand?.id ?? null,
      contentType: 'application/json',
      payload,
      error: null as string | null,
    };
    try {
      const url = observeUrl(item.url, {
        seenAt: reportedAt,
        threat: item.threat,
        labelBrand,
        sourceName,
        brands: deps.brands,
        allowlist: deps.allowlist ?? null,
      });
      return { report, urls: [url], invalid: false };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return {
        report: { ...report, status: 'invalid', error: `${error.code}: ${error.message}` },
        urls: [],
        invalid: true,
      };
    }
  }

  return {
    async importEntries(
      source: { name: string; kind: string },
      entries: AsyncIterable<FeedEntry> | Iterable<FeedEntry>,
      onProgress?: (s: ImportSummary) => void,
    ): Promise<ImportSummary> {
      const record = await deps.sources.ensure(source.name, source.kind, deps.clock.now());
      const sourceId = record.id;
      const summary: ImportSummary = {
        rows: 0,
        inserted: 0,
        known: 0,
        newUrls: 0,
        invalidUrls: 0,
        confirmed: 0,
        rejected: [],
      };
      let batch: BatchEntry[] = [];
      // One batch is written while the next is parsed and analysed: at most one in flight, in order. The
      // writer (a thread of its own on SQLite) is started only once the input fills a whole batch.
      let writer = null as BatchWriter | null;
      let inFlight = null as Promise<void> | null;
      const write = (entries: BatchEntry[]) =>
        (writer ?? deps.ingest)
          .ingest({ sourceId, reports: entries, newUrlsJob: deps.newUrlsJob?.(record) })
          .then((out) => {
            summary.inserted += out.inserted;
            summary.known += out.known;
            summary.newUrls += out.newUrls;
            summary.invalidUrls += entries.filter((b) => b.invalid).length;
            return out.inserted;
          })
          .then(async (inserted) => {
            // Per batch, set-based: one transaction confirms the whole batch's undecided URLs.
            if (deps.confirmFromSource && record.trust === 'confirmed')
              summary.confirmed += await deps.confirmFromSource(
                record,
                entries.flatMap((b) => b.urls.map((u) => u.urlHash)),
              );
            else if (deps.afterBatch && inserted > 0)
              await deps.afterBatch(
                record,
                entries.flatMap((b) => b.urls.map((u) => u.urlHash)),
              );
            onProgress?.(summary);
          });
      const flush = async (final: boolean) => {
        if (inFlight) await inFlight;
        inFlight = null;
        if (batch.length === 0) return;
        if (!writer && !final) writer = deps.ingest.openBatchWriter();
        const current = batch;
        batch = [];
        inFlight = write(current);
        // Awaited at the next flush; until then a failure must not count as unhandled.
        inFlight.catch(() => {});
        await deps.allowlist?.ensureFresh();
      };
      const now = deps.clock.now();
      await deps.allowlist?.ensureFresh();
      try {
        for await (const entry of entries) {
          summary.rows++;
          if ('rejected' in entry) {
            summary.rejected.push(entry.rejected);
            continue;
          }
          // NUL becomes U+FFFD here, not only at the database (nul-plugin.ts): the writer matches the
          // rows it inserted by external id, and they must be the values stored.
          const built = toBatchEntry(withoutNul(entry.item), source.name, now);
          if ('reason' in built) {
            summary.rejected.push(built);
            continue;
          }
          batch.push(built);
          if (batch.length >= BATCH) await flush(false);
        }
        await flush(true);
        await inFlight;
      } finally {
        await inFlight?.catch(() => {});
        await writer?.close();
      }
      return summary;
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
