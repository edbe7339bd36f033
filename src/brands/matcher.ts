/**
 * Brand attribution for URLs and e-mails. Build once per registry version (creation precomputes the
 * automata and indexes; a URL match then costs microseconds):
 *
 *   const matcher = createBrandMatcher(BRAND_SEED);
 *   matcher.matchUrl({ host, registrableDomain, path });   // from analyzeUrl()
 *   matcher.matchText({ fromAddress, fromName, subject, body });
 *
 * Rules and scores: url-matcher.ts (and the url-*.ts files it is built from), text-matcher.ts; conflict
 * rule: evidence.ts.
 */
import type { BrandMatch, BrandSeed } from './brand.ts';
import { createTextMatcher, type TextParts } from './text-matcher.ts';
import { createUrlMatcher, type UrlParts } from './url-matcher.ts';

export type { BrandMatch, TextParts, UrlParts };

export type BrandMatcher = {
  matchUrl(u: UrlParts): BrandMatch | null;
  matchText(t: TextParts): BrandMatch | null;
};

export function createBrandMatcher(brands: readonly BrandSeed[]): BrandMatcher {
  const matchUrl = createUrlMatcher(brands);
  const matchText = createTextMatcher(brands, matchUrl);
  return { matchUrl, matchText };
}
