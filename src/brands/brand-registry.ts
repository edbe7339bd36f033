import type { BrandMatch, BrandSeed } from './brand.ts';
import type { BrandHint, BrandRecord, BrandsRepository } from './brands.repository.ts';
import { createLabelIndex } from './labels.ts';
import { createBrandMatcher } from './matcher.ts';
import { BRAND_SEED } from './seed.ts';

export type AttributedBrand = {
  id: number;
  slug: string;
  name: string;
  confidence: number;
  evidence: string[];
};

/** How often a process asks whether the registry changed (one indexed row): changes apply within it. */
export const REGISTRY_POLL_MS = 20_000;

/** Runs `fn` every `ms` until the returned function is called (injected so tests do not sleep). */
export type Every = (ms: number, fn: () => void) => () => void;

const realEvery: Every = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * The registry as the rest of the system uses it: brands from the database (the seed is only the
 * starting point; analysts edit it, src/brands/brands.service.ts), with label resolution and URL/text
 * attribution built once per registry version. Every process polls the version row and rebuilds when it
 * changed, so a change made on one machine applies everywhere within REGISTRY_POLL_MS.
 */
export async function createBrandRegistry(deps: {
  repo: BrandsRepository;
  now: () => number;
  every?: Every;
  pollMs?: number;
  log?: { warn(obj: object, msg: string): void };
}) {
  await deps.repo.insertMissing(BRAND_SEED, deps.now());
  let version = await deps.repo.version();
  let state = build(await deps.repo.listAll(), await deps.repo.listHints());
  let stopPolling: (() => void) | null = null;
  let refreshing: Promise<boolean> | null = null;

  function build(all: BrandRecord[], hintList: BrandHint[]) {
    // Retired and merged brands are kept (history, statistics) but never matched or offered.
    const brands = all.filter((b) => b.status === 'active');
    const bySlug = new Map(brands.map((b) => [b.slug, b]));
    const byId = new Map(all.map((b) => [b.id, b]));
    const hints = new Map(hintList.map((h) => [`${h.kind}:${h.value}`, h]));
    return {
      brands,
      all,
      bySlug,
      byId,
      hints,
      labels: createLabelIndex(brands),
      matcher: createBrandMatcher(brands),
    };
  }

  /** An analyst's correction for this host (or its registrable domain), as an attribution. */
  function fromHint(u: { host: string; registrableDomain: string | null }): AttributedBrand | null {
    const hint =
      state.hints.get(`host:${u.host}`) ??
      (u.registrableDomain ? state.hints.get(`domain:${u.registrableDomain}`) : undefined);
    const b = hint ? state.byId.get(hint.brandId) : undefined;
    if (!hint || b?.status !== 'active') return null;
    const evidence = [`analyst correction: ${hint.kind} ${hint.value} imitates ${b.nameEn}`];
    return { id: b.id, slug: b.slug, name: b.nameEn, confidence: 0.95, evidence };
  }

  function toAttributed(m: BrandMatch | null): AttributedBrand | null {
    if (!m) return null;
    const b = state.bySlug.get(m.slug);
    return b
      ? { id: b.id, slug: b.slug, name: b.nameEn, confidence: m.confidence, evidence: m.evidence }
      : null;
  }

  const registry = {
    list: (): BrandRecord[] => state.brands,
    bySlug: (slug: string): BrandRecord | undefined => state.bySlug.get(slug),
    resolveLabel(label: string | null | undefined): BrandRecord | null {
      if (!label) return null;
      const slug = state.labels.resolveLabel(label);
      return slug ? (state.bySlug.get(slug) ?? null) : null;
    },
    matchUrl(u: { host: string; registrableDomain: string | null; path: string }) {
      const m = state.matcher.matchUrl(u);
      // The kind of the strongest evidence (calibration.ts), for triage rules.
      const kind = m && 'kind' in m ? String(m.kind) : 'report';
      // An official domain stays the real service whatever a correction says; otherwise corrections win.
      if (m?.official) return { ...toAttributed(m)!, official: true, kind: 'official' };
      const hinted = fromHint(u);
      if (hinted) return { ...hinted, official: false, kind: 'analyst' };
      return m ? { ...toAttributed(m)!, official: false, kind } : null;
    },
    matchText(t: Parameters<ReturnType<typeof createBrandMatcher>['matchText']>[0]) {
      return toAttributed(state.matcher.matchText(t));
    },
    /** Every brand, retired and merged ones too (names of history and statistics). */
    all: (): BrandRecord[] => state.all,
    byId: (id: number): BrandRecord | undefined => state.byId.get(id),
    /** The brand that stands for `id` now: itself when active, the survivor of its merges, or null. */
    current(id: number): BrandRecord | null {
      let b = state.byId.get(id);
      for (let hops = 0; b && b.status === 'merged' && b.mergedInto !== null && hops < 20; hops++) {
        b = state.byId.get(b.mergedInto);
      }
      return b?.status === 'active' ? b : null;
    },
    version: () => version,
    async reload() {
      const v = await deps.repo.version();
      state = build(await deps.repo.listAll(), await deps.repo.listHints());
      version = v;
    },
    /** Rebuilds when the version row moved; true when it did. Concurrent calls share one rebuild. */
    refreshIfChanged(): Promise<boolean> {
      refreshing ??= (async () => {
        try {
          const v = await deps.repo.version();
          if (v === version) return false;
          state = build(await deps.repo.listAll(), await deps.repo.listHints());
          version = v;
          return true;
        } finally {
          refreshing = null;
        }
      })();
      return refreshing;
    },
    /** Polls the version row every pollMs (each process: web and workers). */
    startPolling(): void {
      if (stopPolling) return;
      stopPolling = (deps.every ?? realEvery)(deps.pollMs ?? REGISTRY_POLL_MS, () => {
        registry.refreshIfChanged().catch((error: unknown) => {
          deps.log?.warn({ err: error }, 'brand registry refresh failed; keeping the current version');
        });
      });
    },
    stopPolling(): void {
      stopPolling?.();
      stopPolling = null;
    },
  };
  return registry;
}

export type BrandRegistry = Awaited<ReturnType<typeof createBrandRegistry>>;
export type { BrandSeed };
