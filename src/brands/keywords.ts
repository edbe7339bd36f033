/**
 * Compiles the brands' keyword lists (syntax: see BrandSeed.keywords) into the structures the matchers
 * search with: one Aho-Corasick pattern list for substring keywords and compound parts, one token map for
 * whole-token keywords.
 */
import type { BrandSeed } from './brand.ts';

/**
 * shared: the keyword is listed by several brands (a group name such as 'smbc', 'aeon', 'mizuho').
 * family: the brand whose own name the keyword extends by a service word ('rakuten-card' → Rakuten), or -1.
 */
export type KeywordRef = { brand: number; keyword: string; shared: boolean; family: number };
export type Compound = { brand: number; keyword: string; parts: number[]; family: number };

/**
 * Words a group adds to its name for a sister company: 'rakuten-card', 'paypay+bank', 'rakuten-sec'. A host
 * that spells 'rakuten' + 'card' fits Rakuten Card and Rakuten (whose shoppers are asked to "update the
 * card") equally well: JPCERT/CC labels such hosts either way (bench/brands.ts).
 */
export const SERVICE_WORDS: readonly string[] = ['card', 'bank', 'sec', 'securities'];

export type CompiledKeywords = {
  /** Aho-Corasick patterns (host alphabet). */
  patterns: string[];
  /** patternRefs[p]: brands for which pattern p is a keyword (or a spelling variant of one). */
  patternRefs: KeywordRef[][];
  /** patternTokenRefs[p]: brands for which pattern p counts only as a whole token ('au', 'jcb', '=chase'). */
  patternTokenRefs: KeywordRef[][];
  /** patternIsPart[p]: p is a part of at least one compound keyword. */
  patternIsPart: boolean[];
  compounds: Compound[];
};

/** 'eki-net' → ['eki-net', 'ekinet', 'eki.net']: phishing hosts drop or swap the separator. */
export function separatorVariants(k: string): string[] {
  if (!/[-.]/.test(k)) return [k];
  return [...new Set([k, k.replace(/[-.]/g, ''), k.replace(/[-.]/g, '-'), k.replace(/[-.]/g, '.')])];
}

/** Whole-token keywords: written '=word', or plain and at most 4 characters ('au', 'jcb', 'epos'). */
export function isTokenKeyword(k: string): boolean {
  return k.startsWith('=') || (!/[-.+]/.test(k) && k.length <= 4);
}

/**
 * An official domain written into one host label: 'nta.go.jp' → 'nta-go-jp', 'ntagojp'. Phishers do
 * this for brands whose name alone is too short or too common to be a keyword (ANA, NTA, universities).
 */
export function domainSpellings(domain: string): string[] {
  if (!domain.includes('.')) return [];
  return [domain.replace(/\./g, '-'), domain.replace(/\./g, '')].filter(
    (v) => v.replace(/-/g, '').length >= 7,
  );
}

export function compileKeywords(
  brands: readonly Pick<BrandSeed, 'keywords' | 'officialDomains'>[],
): CompiledKeywords {
  const patterns: string[] = [];
  const patternRefs: KeywordRef[][] = [];
  const patternTokenRefs: KeywordRef[][] = [];
  const patternIsPart: boolean[] = [];
  const byPattern = new Map<string, number>();
  const compounds: Compound[] = [];

  const patternId = (p: string): number => {
    let id = byPattern.get(p);
    if (id === undefined) {
      id = patterns.length;
      byPattern.set(p, id);
      patterns.push(p);
      patternRefs.push([]);
      patternTokenRefs.push([]);
      patternIsPart.push(false);
    }
    return id;
  };

  // Plain keywords several brands list: group names ('smbc', 'aeon', 'mufg').
  const listedBy = new Map<string, Set<number>>();
  brands.forEach((b, brand) => {
    for (const k of b.keywords) {
      const key = k.toLowerCase().replace(/^=/, '');
      if (!key.includes('+')) listedBy.set(key, (listedBy.get(key) ?? new Set()).add(brand));
    }
  });
  const groupName = (label: string) => (listedBy.get(label)?.size ?? 0) > 1;
  // The sister brand a keyword names: its name minus separators is another brand's own (unshared,
  // plain) keyword followed or preceded by a service word.
  const familyOf = (brand: number, parts: readonly string[]): number => {
    const squashed = parts.map((p) => p.replace(/[-.]/g, ''));
    for (const w of SERVICE_WORDS) {
      const rest =
        squashed.length === 2
          ? squashed.includes(w) && squashed[0] !== squashed[1]
            ? squashed.find((p) => p !== w)!
            : null
          : squashed[0]!.endsWith(w)
            ? squashed[0]!.slice(0, -w.length)
            : squashed[0]!.startsWith(w)
              ? squashed[0]!.slice(w.length)
              : null;
      const owners = rest ? listedBy.get(rest) : undefined;
      if (owners?.size === 1 && !owners.has(brand)) return [...owners][0]!;
    }
    return -1;
  };

  brands.forEach((b, brand) => {
    for (const raw of b.keywords) {
      const keyword = raw.toLowerCase();
      if (keyword.includes('+')) {
        const parts = keyword.split('+').map((part) => {
          const id = patternId(part);
          patternIsPart[id] = true;
          return id;
        });
        compounds.push({ brand, keyword, parts, family: familyOf(brand, keyword.split('+')) });
      } else if (isTokenKeyword(keyword)) {
        const token = keyword.replace(/^=/, '');
        const refs = patternTokenRefs[patternId(token)]!;
        if (!refs.some((r) => r.brand === brand))
          refs.push({ brand, keyword: token, shared: false, family: -1 });
      } else {
        const family = familyOf(brand, [keyword]);
        for (const v of separatorVariants(keyword)) {
          const refs = patternRefs[patternId(v)]!;
          if (!refs.some((r) => r.brand === brand)) refs.push({ brand, keyword, shared: false, family });
        }
      }
    }
    for (const domain of b.officialDomains) {
      // 'smbc-co-jp' is no more specific than the group name 'smbc' it spells.
      if (domain.split('.').some(groupName)) continue;
      for (const v of domainSpellings(domain)) {
        const refs = patternRefs[patternId(v)]!;
        if (!refs.some((r) => r.brand === brand))
          refs.push({ brand, keyword: domain, shared: false, family: -1 });
      }
    }
  });
  // Shared: several brands list the same text, whether as a substring or as a whole-token keyword.
  patterns.forEach((_, p) => {
    const refs = [...patternRefs[p]!, ...patternTokenRefs[p]!];
    if (new Set(refs.map((r) => r.brand)).size > 1) for (const r of refs) r.shared = true;
  });
  return { patterns, patternRefs, patternTokenRefs, patternIsPart, compounds };
}

/**
 * Does `name` (an official domain's name, e.g. 'smbc-card') contain one of the brand's keywords? Only such
 * names take part in look-alike matching: 'family' (family.co.jp) or 'post' (post.ch) are ordinary words
 * whose near-misses would be noise, while 'amazon' or 'kuronekoyamato' are distinctive.
 */
export function nameCarriesKeyword(name: string, keywords: readonly string[]): boolean {
  const squashed = name.replace(/[-.]/g, '');
  return keywords.some((raw) => {
    const k = raw.toLowerCase().replace(/^=/, '');
    if (k.includes('+')) return k.split('+').every((part) => name.includes(part) || squashed.includes(part));
    return separatorVariants(k).some((v) => name.includes(v) || squashed.includes(v));
  });
}
