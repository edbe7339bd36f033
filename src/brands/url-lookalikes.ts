/**
 * Look-alike checks of single tokens (a host label, a hyphen part, a path token) against official names,
 * built once from the brands' official domains (lookalike.ts does the distance search):
 * - lookalikeToken: a homoglyph spelling of a name, or a name within edit distance 1-2;
 * - spoofedToken: a near-miss of a name in a label written as a domain, held to a wider distance.
 * The host and path scans choose the tokens (url-host-scan.ts, url-path-scan.ts).
 */
import { parse as parseDomain } from 'tldts';
import type { BrandSeed } from './brand.ts';
import { KIND } from './calibration.ts';
import { skeleton } from './confusables.ts';
import type { Evidence } from './evidence.ts';
import { nameCarriesKeyword } from './keywords.ts';
import { type LookalikeEntry, type LookalikeHit, LookalikeIndex } from './lookalike.ts';
import { PATH, REG, URL_SCORES, type Where } from './url-scores.ts';

export type LookalikeChecks = ReturnType<typeof createLookalikeChecks>;

/** groupOf: official domain → the group name it is built on (url-matcher.ts). */
export function createLookalikeChecks(brands: readonly BrandSeed[], groupOf: ReadonlyMap<string, string>) {
  const entries: LookalikeEntry[] = [];
  brands.forEach((b, i) => {
    for (const d of b.officialDomains) {
      const name = parseDomain(d, { allowPrivateDomains: true }).domainWithoutSuffix;
      // Compared skeleton to skeleton (UTS #39): 'westernunion' is stored as 'westemunion'.
      if (name && nameCarriesKeyword(name, b.keywords)) {
        entries.push({ name: skeleton(name), domain: d, brand: i });
      }
    }
  });
  const index = new LookalikeIndex(entries);
  // Tokens longer than the longest name + 2 cannot be within distance 2 of any name.
  const maxToken = Math.max(0, ...entries.map((e) => e.name.length)) + 2;
  const hits: LookalikeHit[] = []; // reused by every call

  function lookalikeToken(token: string, homoglyph: boolean, w: Where, ev: Evidence): void {
    if (homoglyph) {
      const exact = index.exactMatches(token);
      if (exact.length > 0) {
        for (const e of exact) {
          const why = `homoglyph look-alike of ${e.domain}`;
          ev.add(e.brand, URL_SCORES.lookalike[w]![0]!, why, 0, groupOf.get(e.domain), KIND.homoglyph);
        }
        return; // it IS the name once folded: no near misses of other names
      }
    }
    if (token.length < 5) return;
    // A token that IS another brand's official name ('paypal') is that name, not a typo of 'paypay'.
    if (index.exactMatches(token).length > 0) return;
    hits.length = 0;
    index.find(token, w === REG, hits);
    for (const { entry, distance } of hits) {
      // A brand already found by a keyword gains nothing from its near-miss spelling.
      if (ev.has(entry.brand)) continue;
      const after = homoglyph ? ', after homoglyphs' : '';
      const inPath = w === PATH ? ' in the path' : '';
      const why = `look-alike of ${entry.domain}${inPath} (edit distance ${distance}${after})`;
      const channel = w === PATH ? 1 : 0;
      const kind =
        w === PATH ? KIND['lookalike-path'] : distance === 1 ? KIND['lookalike-1'] : KIND['lookalike-2'];
      const score = URL_SCORES.lookalike[w]![distance]!;
      ev.add(entry.brand, score, why, channel, groupOf.get(entry.domain), kind);
    }
  }

  function spoofedToken(token: string, ev: Evidence): void {
    if (index.exactMatches(token).length > 0) return; // the name itself: keywords and official domains
    hits.length = 0;
    index.findSpoofed(token, hits);
    for (const { entry, distance } of hits) {
      if (ev.has(entry.brand)) continue;
      const why = `look-alike of ${entry.domain} written as a domain (edit distance ${distance})`;
      ev.add(entry.brand, URL_SCORES.spoofed[distance]!, why, 0, groupOf.get(entry.domain), KIND.spoofed);
    }
  }

  return { index, maxToken, lookalikeToken, spoofedToken };
}
