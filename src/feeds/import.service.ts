import type { BrandRegistry } from '../brands/brand-registry.ts';
import { isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { IngestBatch, IngestRepository } from '../reports/ingest.repository.ts';
import { type IntakeAllowlist, observeUrl } from '../reports/observe-url.ts';
import type { SourcesRepository } from '../sources/sources.repository.ts';
import type { FeedEntry, FeedItem, FeedRejection } from './feed-item.ts';

export type ImportSummary = {
  rows: number;
  inserted: number;
  known: number;
  newUrls: number;
  /** Rows of this input whose URL could not be canonicalised (stored as reports with the reason). */
  invalidUrls: number;
  /** Rows the reader could not turn into an item at all. */
  rejected: FeedRejection[];
};

// Large batches: fewer commits and WAL checkpoints, and more repeats of a domain or host merged in memory.
const BATCH = 5000;

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
  /** Allowlist hook (src/triage): URLs on allowlisted hosts are stored as 'allowlisted'. */
  allowlist?: IntakeAllowlist;
}) {
  function toBatchEntry(
    item: FeedItem,
    sourceName: string,
    now: number,
  ): IngestBatch['reports'][number] & { invalid: boolean } {
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
      payload: JSON.stringify(item.raw),
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
      const { id: sourceId } = await deps.sources.ensure(source.name, source.kind, deps.clock.now());
      const summary: ImportSummary = {
        rows: 0,
        inserted: 0,
        known: 0,
        newUrls: 0,
        invalidUrls: 0,
        rejected: [],
      };
      let batch: (IngestBatch['reports'][number] & { invalid: boolean })[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const out = await deps.ingest.ingest({ sourceId, reports: batch });
        const invalidInBatch = batch.filter((b) => b.invalid).length;
        summary.inserted += out.inserted;
        summary.known += out.known;
        summary.newUrls += out.newUrls;
        summary.invalidUrls += invalidInBatch;
        batch = [];
        onProgress?.(summary);
        await deps.allowlist?.ensureFresh();
      };
      const now = deps.clock.now();
      await deps.allowlist?.ensureFresh();
      for await (const entry of entries) {
        summary.rows++;
        if ('rejected' in entry) {
          summary.rejected.push(entry.rejected);
          continue;
        }
        batch.push(toBatchEntry(entry.item, source.name, now));
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      return summary;
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
