import type { PageFacts } from '../capture/capture.service.ts';
import type { LiveStatus } from '../liveness/liveness.status.ts';
import type { TriageFacts } from '../triage/rule-facts.ts';
import type { UrlFacts } from './fields.ts';

/** What the rules read of other modules, through their interfaces only. */
export type FactSources = {
  triage: { factsOf(ids: readonly number[]): Promise<TriageFacts[]> };
  liveness: { statusOf(ids: readonly number[]): Promise<Map<number, LiveStatus>> };
  capture: { pageFactsOf(ids: readonly number[]): Promise<Map<number, PageFacts>> };
};

/** The facts of these URLs (missing ids are left out): triage's, plus liveness and capture where known. */
export async function gatherFacts(sources: FactSources, ids: readonly number[]): Promise<UrlFacts[]> {
  if (ids.length === 0) return [];
  const [triage, live, pages] = await Promise.all([
    sources.triage.factsOf(ids),
    sources.liveness.statusOf(ids),
    sources.capture.pageFactsOf(ids),
  ]);
  return triage.map((t) => {
    const l = live.get(t.urlId);
    return {
      ...t,
      liveness: l && l.checks > 0 ? { state: l.state, checks: l.checks } : null,
      capture: pages.get(t.urlId) ?? null,
    };
  });
}
