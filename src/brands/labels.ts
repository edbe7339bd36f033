import type { BrandSeed } from './brand.ts';

/**
 * The key a free-text brand label is compared under: NFKC (full-width → ASCII, half-width kana → full),
 * case-folded, trimmed, runs of white space collapsed to one space. 'ＡＭＡＺＯＮ ' and 'amazon' get the same key.
 */
export function normalizeLabel(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export type LabelIndex = {
  /** The slug of the brand the label names, or null (unknown label, non-brand label, or ambiguous). */
  resolveLabel(label: string): string | null;
  /** Normalised keys claimed by two brands; they resolve to null (the seed test keeps this empty). */
  conflicts: string[];
};

export function createLabelIndex(
  brands: readonly Pick<BrandSeed, 'slug' | 'nameJa' | 'nameEn' | 'aliases'>[],
): LabelIndex {
  const bySlugKey = new Map<string, string | null>();
  const conflicts: string[] = [];
  for (const b of brands) {
    for (const name of [b.nameJa, b.nameEn, ...b.aliases]) {
      const key = normalizeLabel(name);
      if (key === '') continue;
      const owner = bySlugKey.get(key);
      if (owner === undefined) bySlugKey.set(key, b.slug);
      else if (owner !== null && owner !== b.slug) {
        // Two brands claim the spelling: refuse to guess.
        bySlugKey.set(key, null);
        conflicts.push(key);
      }
    }
  }
  return {
    resolveLabel: (label) => bySlugKey.get(normalizeLabel(label)) ?? null,
    conflicts,
  };
}
