/**
 * Which brand does a phishing URL imitate? Evidence, strongest first:
 * - the host IS an official domain (or a subdomain of one): the real service, flagged `official`;
 * - a brand keyword or an official domain inside the host (registrable label > subdomain labels);
 * - a look-alike of an official name (homoglyphs, edit distance 1-2);
 * - a keyword, an official domain or a look-alike of an official name in the path (weak: kits put brand
 *   names in paths of hacked sites).
 * Several brands: the strongest wins only if it leads by URL_MARGIN, else null (evidence.ts). The scores
 * (url-scores.ts) decide between brands; the confidence returned is the measured precision of the winner's
 * strongest kind of evidence (calibration.ts).
 * This file normalises the URL, answers official hosts and makes the decision; the evidence comes from
 * url-host-scan.ts and url-path-scan.ts, which share url-keyword-scan.ts and url-lookalikes.ts.
 * Everything is precomputed at creation; a call is one Aho-Corasick pass over the host (twice when
 * homoglyphs fold) and one over the path, a look-alike bucket lookup per host label and per path token of
 * 6+ characters, a few map lookups, and no per-call closures: it runs on every
 * imported URL (~170,000 for the JPCERT/CC list).
 */
import { domainToUnicode } from 'node:url';
import type { BrandMatch, BrandSeed } from './brand.ts';
import { KIND, URL_EVIDENCE_KINDS, type UrlEvidenceKind, urlConfidence } from './calibration.ts';
import { Evidence } from './evidence.ts';
import { createHostTable, hostRegion } from './host-table.ts';
import { type CompiledKeywords, compileKeywords } from './keywords.ts';
import { createHostScan } from './url-host-scan.ts';
import { createKeywordScan } from './url-keyword-scan.ts';
import { createLookalikeChecks } from './url-lookalikes.ts';
import { createPathScan } from './url-path-scan.ts';
import { URL_MARGIN } from './url-scores.ts';

export { URL_MARGIN, URL_SCORES } from './url-scores.ts';

export type UrlParts = { host: string; registrableDomain: string | null; path: string };

/**
 * A BrandMatch whose confidence is calibrated (calibration.ts), with the kind of its strongest evidence
 * and the matcher's own score (what the margin between brands was measured on; the e-mail matcher
 * weighs a sender domain by it).
 */
export type UrlMatch = BrandMatch & { kind: UrlEvidenceKind | 'official'; score: number };

const MAX_PATH = 200;

export function createUrlMatcher(brands: readonly BrandSeed[]) {
  const kw = compileKeywords(brands);
  const hosts = createHostTable(brands);
  const groupOf = officialDomainGroups(brands, kw);
  const scanKeywords = createKeywordScan(kw);
  const lookalikes = createLookalikeChecks(brands, groupOf);
  const scanHost = createHostScan({ brands, hosts, groupOf, scanKeywords, lookalikes });
  const scanPath = createPathScan({ hosts, groupOf, scanKeywords, lookalikes });
  const slugs = brands.map((b) => b.slug);

  return function matchUrl(u: UrlParts): UrlMatch | null {
    let host = u.host.toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    const rawPath = u.path.length > MAX_PATH ? u.path.slice(0, MAX_PATH) : u.path;
    const path = rawPath.toLowerCase();
    const { contentLen, official, domain } = hosts.classify(host, path);
    if (official >= 0) {
      return {
        slug: slugs[official]!,
        confidence: 1,
        evidence: [`official domain ${domain}`],
        official: true,
        kind: 'official',
        score: 1,
      };
    }
    const ev = new Evidence();
    let region = hostRegion(host, u.registrableDomain?.toLowerCase() ?? null, contentLen);
    if (region.includes('xn--')) region = (domainToUnicode(region) || region).toLowerCase();
    if (region !== '') scanHost(region, ev);
    if (path.length > 1) scanPath(path, ev);
    const best = ev.decide(URL_MARGIN);
    if (!best) return null;
    return {
      slug: slugs[best.brand]!,
      confidence: urlConfidence(best.kind, best.channels),
      evidence: best.evidence,
      kind: URL_EVIDENCE_KINDS[best.channels > 1 ? KIND.corroborated : best.kind]!,
      score: best.confidence,
    };
  };
}

/**
 * Group names: texts several brands list ('smbc', 'aeon', 'mufg'). An official domain built on one
 * ('smbc.co.jp', 'mufg.jp') says no more than the name: its evidence is group evidence (evidence.ts).
 * Returns official domain → group name.
 */
function officialDomainGroups(brands: readonly BrandSeed[], kw: CompiledKeywords): Map<string, string> {
  const groupNames = new Set<string>();
  kw.patterns.forEach((p, i) => {
    if ([...kw.patternRefs[i]!, ...kw.patternTokenRefs[i]!].some((r) => r.shared)) groupNames.add(p);
  });
  const groupOf = new Map<string, string>();
  for (const b of brands) {
    for (const d of b.officialDomains) {
      const g = d.split('.').find((label) => groupNames.has(label));
      if (g) groupOf.set(d, g);
    }
  }
  return groupOf;
}
