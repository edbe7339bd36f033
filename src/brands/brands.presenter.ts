import type { z } from 'zod';
import type { BrandRegistry } from './brand-registry.ts';
import type { BrandRecord } from './brands.repository.ts';
import type { brandRefSchema, brandSchema, reattributionSchema } from './brands.schema.ts';
import type { ReattributionRun } from './registry.repository.ts';

/** Rows to the public shapes: brand references everywhere, ISO times, no database row leaves a route. */
export function brandRef(b: BrandRecord): z.infer<typeof brandRefSchema> {
  return { id: b.id, slug: b.slug, nameJa: b.nameJa, nameEn: b.nameEn };
}

export function presentBrand(b: BrandRecord, registry: BrandRegistry): z.infer<typeof brandSchema> {
  const into = b.mergedInto === null ? undefined : registry.byId(b.mergedInto);
  return {
    ...brandRef(b),
    sector: b.sector,
    status: b.status,
    mergedInto: into ? brandRef(into) : null,
    aliases: b.aliases,
    officialDomains: b.officialDomains,
    keywords: b.keywords,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentRun(
  r: ReattributionRun,
  registry: BrandRegistry,
): z.infer<typeof reattributionSchema> {
  const total = r.urlsTotal + r.reportsTotal;
  const scanned = Math.min(total, r.urlsScanned + r.reportsScanned);
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    brands: r.brandIds.flatMap((id) => {
      const b = registry.byId(id);
      return b ? [brandRef(b)] : [];
    }),
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    urls: { total: r.urlsTotal, scanned: r.urlsScanned, changed: r.urlsChanged, keptCorrections: r.urlsKept },
    reports: { total: r.reportsTotal, scanned: r.reportsScanned, changed: r.reportsChanged },
    progress: r.status === 'done' ? 1 : total === 0 ? 0 : scanned / total,
    error: r.error,
  };
}
