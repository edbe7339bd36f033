/**
 * Emerging brands (job brands.emerging): groups of recent unattributed URLs and reports that share a token
 * (a host label, a path word, a subject or SMS word, a sender's name) are candidate brands the registry
 * does not know yet. A run is asked for by an analyst (POST …/emerging/refresh), reads the last WEEKS weeks
 * in keyset batches, counts tokens in one pass and stores the top candidates in brand_candidates; the
 * console reads the stored result (no scan, no write on a GET).
 *
 * A candidate needs MIN_ITEMS URLs and reports together, and URL evidence alone needs two sites (a token
 * seen only under one registrable domain is that domain, not a brand). Common words and the registry's
 * own keywords, names and domain labels are never candidates; the list is filtered again on reading, so
 * a brand added since the run drops out at once.
 */
import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { EmergingSourcesRepository, Keyset } from '../reports/emerging.repository.ts';
import { defang } from '../urls/defang.ts';
import type { BrandRegistry } from './brand-registry.ts';
import type { Candidate, CandidateRun, EmergingRepository, Sample } from './emerging.repository.ts';
import {
  hostTokens,
  pathTokens,
  senderTokens,
  TOKEN_KINDS,
  type TokenKind,
  textTokens,
} from './emerging-tokens.ts';
import { normalizeLabel } from './labels.ts';

export const EMERGING_JOB = 'brands.emerging';
export const WEEKS = 8;
export const MIN_ITEMS = 3;
export const MAX_CANDIDATES = 200;
const SAMPLES = 3;
const BATCH = 2000;
const WEEK_MS = 7 * 86_400_000;
const JST_MS = 9 * 3_600_000;

/** Monday 00:00 JST of the week holding `t`. */
export function weekStart(t: number): number {
  const jst = t + JST_MS;
  const day = Math.floor(jst / 86_400_000);
  const monday = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  return monday * 86_400_000 - JST_MS;
}

type Acc = {
  kinds: number;
  urls: number;
  reports: number;
  /** The first site seen, and how many distinct ones (counted up to 3). */
  site: string | null;
  sites: number;
  firstWeek: number;
  weeks: number[] | null;
  samples: Sample[];
};

/** The pure counting of a run: feed it URLs and reports, then take the ranked candidates. */
export function createTokenCounter(windowFrom: number, isKnown: (token: string) => boolean) {
  const acc = new Map<string, Acc>();
  const weekOf = (t: number) => Math.min(WEEKS - 1, Math.max(0, Math.floor((t - windowFrom) / WEEK_MS)));

  function count(tokens: Map<string, number>, at: number, isUrl: boolean, site: string, sample: Sample) {
    const w = weekOf(at);
    for (const [token, kinds] of tokens) {
      if (isKnown(token)) continue;
      let a = acc.get(token);
      if (!a) {
        a = { kinds: 0, urls: 0, reports: 0, site, sites: 1, firstWeek: w, weeks: null, samples: [sample] };
        acc.set(token, a);
      } else {
        if (a.sites < 3 && a.site !== site) {
          a.sites++;
          a.site = site;
        }
        if (!a.weeks) {
          a.weeks = new Array(WEEKS * 2).fill(0);
          a.weeks[a.firstWeek * 2 + (a.urls > 0 ? 0 : 1)] = 1;
        }
        a.weeks[w * 2 + (isUrl ? 0 : 1)]!++;
        if (a.samples.length < SAMPLES && !a.samples.some((s) => s.text === sample.text))
          a.samples.push(sample);
      }
      a.kinds |= kinds;
      if (isUrl) a.urls++;
      else a.reports++;
    }
  }

  const bit = (k: TokenKind) => 1 << TOKEN_KINDS.indexOf(k);
  const collect = (into: Map<string, number>, kind: TokenKind, list: string[]) => {
    for (const t of list) into.set(t, (into.get(t) ?? 0) | bit(kind));
  };

  return {
    addUrl(u: { canonical: string; host: string; domain: string | null; path: string; firstSeen: number }) {
      const tokens = new Map<string, number>();
      collect(tokens, 'host', hostTokens(u.host));
      collect(tokens, 'path', pathTokens(u.path));
      count(tokens, u.firstSeen, true, u.domain ?? u.host, { kind: 'host', text: defang(u.canonical) });
    },

    addReport(r: {
      id: number;
      kind: string;
      reportedAt: number;
      subject: string | null;
      sender: string | null;
      body: string | null;
    }) {
      const tokens = new Map<string, number>();
      if (r.subject) collect(tokens, 'subject', textTokens(r.subject));
      if (r.sender) collect(tokens, 'sender', senderTokens(r.sender));
      if (r.kind !== 'email' && r.body) collect(tokens, 'text', textTokens(r.body));
      if (tokens.size === 0) return;
      const shown = (r.subject ?? r.body ?? r.sender ?? '').replace(/\s+/g, ' ').slice(0, 160);
      const site = r.sender?.split('@').pop()?.toLowerCase() ?? `report:${r.id}`;
      count(tokens, r.reportedAt, false, site, {
        kind: r.subject ? 'subject' : r.kind === 'email' ? 'sender' : 'text',
        text: defangText(shown),
      });
    },

    /** Ranked by URLs and reports together (then by token), at most MAX_CANDIDATES. */
    candidates(): Candidate[] {
      const out: Omit<Candidate, 'rank'>[] = [];
      for (const [token, a] of acc) {
        if (a.urls + a.reports < MIN_ITEMS) continue;
        if (a.reports === 0 && a.sites < 2) continue;
        const flat = a.weeks ?? new Array(WEEKS * 2).fill(0);
        const weeks: [number, number][] = [];
        for (let i = 0; i < WEEKS; i++) weeks.push([flat[i * 2]!, flat[i * 2 + 1]!]);
        out.push({
          token,
          kinds: TOKEN_KINDS.filter((_, i) => a.kinds & (1 << i)),
          urls: a.urls,
          reports: a.reports,
          sites: a.sites,
          weeks,
          samples: a.samples,
        });
      }
      out.sort((x, y) => y.urls + y.reports - (x.urls + x.reports) || (x.token < y.token ? -1 : 1));
      return out.slice(0, MAX_CANDIDATES).map((c, i) => ({ rank: i + 1, ...c }));
    },
  };
}

/** URLs written in a subject or text are shown defanged, like every sample. */
function defangText(s: string): string {
  return s
    .replace(/\bhttps?:\/\/\S+/gi, (u) => defang(u))
    .replace(/\b([a-z0-9-]+)\.([a-z]{2,})\b/gi, '$1[.]$2');
}

/** Tokens the registry already holds: keyword parts, normalised names and aliases, official domain labels. */
export function knownTokens(registry: Pick<BrandRegistry, 'list'>): Set<string> {
  const known = new Set<string>();
  for (const b of registry.list()) {
    for (const k of b.keywords) {
      for (const part of k.replace(/^=/, '').split('+')) {
        known.add(part);
        known.add(part.replace(/[-.]/g, ''));
        for (const p of part.split(/[-.]/)) if (p.length >= 4) known.add(p);
      }
    }
    for (const a of [b.nameJa, b.nameEn, ...b.aliases]) known.add(normalizeLabel(a));
    for (const d of b.officialDomains) known.add(d.split('.')[0]!);
  }
  return known;
}

export function createEmergingBrands(deps: {
  registry: BrandRegistry;
  repo: EmergingRepository;
  sources: EmergingSourcesRepository;
  reportTexts: (
    ids: number[],
  ) => Promise<Map<number, { subject: string | null; sender: string | null; body: string | null }>>;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
}) {
  const { repo, sources } = deps;

  return {
    /** Queues a run (or answers the one already queued or running). */
    async refresh(principal: Principal | null): Promise<CandidateRun> {
      const now = deps.clock.now();
      const id = await repo.transaction(async (trx) => {
        const pending = await repo.pendingRun(trx);
        if (pending) return pending.id;
        const windowFrom = weekStart(now) - (WEEKS - 1) * WEEK_MS;
        const runId = await repo.createRun(
          trx,
          { requestedBy: principal?.userId ?? null, windowFrom, windowTo: now },
          now,
        );
        await deps.queue.send(EMERGING_JOB, { runId }, { trx });
        return runId;
      });
      return (await repo.getRun(id))!;
    },

    /** The job: counts the run's window and stores its candidates. */
    async run(runId: number): Promise<CandidateRun | null> {
      const run = await repo.claimRun(runId, deps.clock.now());
      if (!run) return repo.getRun(runId);
      await deps.registry.refreshIfChanged();
      const known = knownTokens(deps.registry);
      const counter = createTokenCounter(run.windowFrom, (t) => known.has(t));
      const progress = { urlsScanned: 0, reportsScanned: 0 };
      try {
        let after: Keyset | null = null;
        for (;;) {
          const batch = await sources.unattributedUrls({ since: run.windowFrom, after, limit: BATCH });
          for (const u of batch) if (u.firstSeen <= run.windowTo) counter.addUrl(u);
          progress.urlsScanned += batch.length;
          if (batch.length < BATCH) break;
          const last = batch[batch.length - 1]!;
          after = { at: last.firstSeen, id: last.id };
          await repo.progress(runId, progress);
        }
        after = null;
        for (;;) {
          const batch = await sources.unattributedReports({ since: run.windowFrom, after, limit: BATCH });
          const texts = await deps.reportTexts(batch.map((r) => r.id));
          for (const r of batch) {
            const t = texts.get(r.id);
            if (t && r.reportedAt <= run.windowTo) counter.addReport({ ...r, ...t });
          }
          progress.reportsScanned += batch.length;
          if (batch.length < BATCH) break;
          const last = batch[batch.length - 1]!;
          after = { at: last.reportedAt, id: last.id };
          await repo.progress(runId, progress);
        }
        await repo.progress(runId, progress);
        const candidates = counter.candidates();
        await repo.finish(runId, candidates, deps.clock.now());
        deps.log.info({ runId, ...progress, candidates: candidates.length }, 'emerging brands counted');
      } catch (error) {
        await repo.fail(runId, String(error).slice(0, 500), deps.clock.now());
        throw error;
      }
      return repo.getRun(runId);
    },

    /** The newest finished run's candidates after `afterRank`, less tokens the registry holds by now. */
    async list(q: { afterRank: number; limit: number }) {
      const [latest, done] = await Promise.all([repo.latestRun(), repo.latestRun('done')]);
      if (!done) return { latest, done: null, items: [] as Candidate[], nextRank: null };
      const known = knownTokens(deps.registry);
      const items: Candidate[] = [];
      let after = q.afterRank;
      let nextRank: number | null = null;
      for (;;) {
        const page = await repo.candidates(done.id, after, q.limit);
        for (const c of page) {
          if (items.length === q.limit) break;
          if (!known.has(c.token)) items.push(c);
          after = c.rank;
        }
        if (items.length === q.limit) {
          nextRank = after < done.candidates ? after : null;
          break;
        }
        if (page.length < q.limit) break;
      }
      return { latest, done, items, nextRank };
    },

    getRun: repo.getRun,
  };
}

export type EmergingBrands = ReturnType<typeof createEmergingBrands>;
