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

/**
 * The registry as the rest of the system uses it: brands from the database (the seed is only the
 * starting point; analysts edit it later), with label resolution and URL/text attribution built once.
 */
export async function createBrandRegistry(deps: { repo: BrandsRepository; now: () => number }) {
  await deps.repo.insertMissing(BRAND_SEED, deps.now());
  let state = build(await deps.repo.listAll(), await deps.repo.listHints());

  function build(brands: BrandRecord[], hintList: BrandHint[]) {
    const bySlug = new Map(brands.map((b) => [b.slug, b]));
    const byId = new Map(brands.map((b) => [b.id, b]));
    const hints = new Map(hintList.map((h) => [`${h.kind}:${h.value}`, h]));
    return {
      brands,
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
    if (!hint || !b) return null;
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

  return {
    list: (): BrandRecord[] => state.brands,
    bySlug: (slug: string): BrandRecord | undefined => state.bySlug.get(slug),
    resolveLabel(label: string | null | undefined): BrandRecord | null {
      if (!label) return null;
      const slug = state.labels.resolveLabel(label);
      return slug ? (state.bySlug.get(slug) ?? null) : null;
    },
    matchUrl(u: { host: string; registrableDomain: string | null; path: string }) {
      const m = state.matcher.matchUrl(u);
      // An official domain stays the real service whatever a correction says; otherwise corrections win.
      if (m?.official) return { ...toAttributed(m)!, official: true };
      const hinted = fromHint(u);
      if (hinted) return { ...hinted, official: false };
      return m ? { ...toAttributed(m)!, official: false } : null;
    },
    matchText(t: Parameters<ReturnType<typeof createBrandMatcher>['matchText']>[0]) {
      return toAttributed(state.matcher.matchText(t));
    },
    async reload() {
      state = build(await deps.repo.listAll(), await deps.repo.listHints());
    },
  };
}

export type BrandRegistry = Awaited<ReturnType<typeof createBrandRegistry>>;
export type { BrandSeed };
