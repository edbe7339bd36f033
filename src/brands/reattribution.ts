/**
 * Re-attribution (job brands.reattribute): after a registry change, the URLs and reports it can affect —
 * unattributed ones, and those naming a brand the change merged, retired or narrowed — are attributed
 * again with the new registry, URLs first (reports fall back on their URLs). Progress is written to the
 * run's row after every batch, so a run resumes where it stopped and the console and CLI show it.
 * An analyst's correction is never overwritten; it only follows a merge to the surviving brand.
 */
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type {
  BrandChange,
  ReattributionRepository,
  ReportCandidate,
  UrlCandidate,
} from '../reports/reattribution.repository.ts';
import type { BrandRegistry } from './brand-registry.ts';
import type { ReattributionRun, RegistryRepository } from './registry.repository.ts';

export const REATTRIBUTE_JOB = 'brands.reattribute';
const BATCH = 500;
const LABEL_EVIDENCE = 'label from source';

export function createReattribution(deps: {
  registry: BrandRegistry;
  runs: RegistryRepository;
  targets: ReattributionRepository;
  correctedUrlIds: (ids: number[]) => Promise<Set<number>>;
  clock: Clock;
  log: Logger;
}) {
  const { registry, runs, targets } = deps;

  function decideUrl(c: UrlCandidate, corrected: boolean): BrandChange | 'kept' | null {
    const current = c.brandId === null ? null : registry.current(c.brandId);
    const follow = (): BrandChange | null =>
      current && current.id !== c.brandId ? { id: c.id, from: c.brandId, to: current.id } : null;
    // The analyst decided: a merge moves the correction to the survivor, nothing else touches it.
    if (corrected) return follow() ?? 'kept';
    if (current && c.brandEvidence.some((e) => e.startsWith(LABEL_EVIDENCE))) return follow();
    const m = registry.matchUrl({ host: c.host, registrableDomain: c.registrableDomain, path: c.path });
    if (m) {
      if (m.id === c.brandId) return null;
      return { id: c.id, from: c.brandId, to: m.id, confidence: m.confidence, evidence: m.evidence };
    }
    if (current) return follow();
    return c.brandId === null
      ? null
      : { id: c.id, from: c.brandId, to: null, confidence: null, evidence: null };
  }

  function decideReport(r: ReportCandidate): BrandChange | null {
    const byLabel = registry.resolveLabel(r.brandLabel);
    const current = r.brandId === null ? null : registry.current(r.brandId);
    // Feed rows carry their source's label only (import.service); analysed reports fall back on URLs.
    const to = byLabel?.id ?? current?.id ?? (r.kind === 'feed' ? null : r.urlBrandId);
    return to === r.brandId ? null : { id: r.id, from: r.brandId, to };
  }

  async function urls(run: ReattributionRun): Promise<void> {
    for (;;) {
      const batch = await targets.urlCandidates({
        brandIds: run.brandIds,
        afterId: run.urlCursor,
        limit: BATCH,
      });
      if (batch.length === 0) return;
      const corrected = await deps.correctedUrlIds(batch.map((c) => c.id));
      const changes: BrandChange[] = [];
      for (const c of batch) {
        const d = decideUrl(c, corrected.has(c.id));
        if (d === 'kept') run.urlsKept++;
        else if (d) changes.push(d);
      }
      run.urlsChanged += await targets.setUrlBrands(changes);
      run.urlsScanned += batch.length;
      run.urlCursor = batch[batch.length - 1]!.id;
      await runs.progress(run.id, run);
    }
  }

  async function reports(run: ReattributionRun): Promise<void> {
    for (;;) {
      const batch = await targets.reportCandidates({
        brandIds: run.brandIds,
        afterId: run.reportCursor,
        limit: BATCH,
      });
      if (batch.length === 0) return;
      const changes = batch.map(decideReport).filter((c): c is BrandChange => c !== null);
      run.reportsChanged += await targets.setReportBrands(changes);
      run.reportsScanned += batch.length;
      run.reportCursor = batch[batch.length - 1]!.id;
      await runs.progress(run.id, run);
    }
  }

  return {
    /** The job: runs (or resumes) one re-attribution run; a finished run is left alone. */
    async run(runId: number): Promise<ReattributionRun | null> {
      const run = await runs.claimRun(runId, deps.clock.now());
      if (!run) return runs.getRun(runId);
      // This process may not have seen the change yet (it was made on another machine).
      await registry.refreshIfChanged();
      try {
        if (run.startedAt === null || (run.urlsTotal === 0 && run.urlCursor === 0)) {
          run.urlsTotal = await targets.countUrlCandidates(run.brandIds);
          run.reportsTotal = await targets.countReportCandidates(run.brandIds);
          await runs.progress(run.id, run);
        }
        await urls(run);
        await reports(run);
        await runs.finishRun(run.id, 'done', null, deps.clock.now());
        deps.log.info({ runId, urls: run.urlsChanged, reports: run.reportsChanged }, 'brands re-attributed');
      } catch (error) {
        await runs.finishRun(run.id, 'failed', String(error).slice(0, 500), deps.clock.now());
        throw error;
      }
      return runs.getRun(runId);
    },
  };
}

export type Reattribution = ReturnType<typeof createReattribution>;
