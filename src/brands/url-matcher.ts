/**
 * Which brand does a phishing URL imitate? Evidence, strongest first:
 * - the host IS an official domain (or a subdomain of one): the real service, flagged `official`;
 * - a brand keyword or an official domain inside the host (registrable label > subdomain labels);
 * - a look-alike of an official name (homoglyphs, edit distance 1-2);
 * - a keyword, an official domain or a look-alike of an official name in the path (weak: kits put brand
 *   names in paths of hacked sites).
 * Several brands: the strongest wins only if it leads by URL_MARGIN, else null (evidence.ts). The scores
 * below decide between brands; the confidence returned is the measured precision of the winner's
 * strongest kind of evidence (calibration.ts).
 * Everything is precomputed at creation; a call is one Aho-Corasick pass over the host (twice when
 * homoglyphs fold) and one over the path, a look-alike bucket lookup per host label and per path token of
 * 6+ characters, a few map lookups, and no per-call closures: it runs on every
 * imported URL (~170,000 for the JPCERT/CC list).
 */
import { domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';
import { AhoCorasick } from './aho-corasick.ts';
import type { BrandMatch, BrandSeed } from './brand.ts';
import { KIND, URL_EVIDENCE_KINDS, type UrlEvidenceKind, urlConfidence } from './calibration.ts';
import { skeleton } from './confusables.ts';
import { Evidence } from './evidence.ts';
import { createHostTable, hostRegion } from './host-table.ts';
import { compileKeywords, type KeywordRef, nameCarriesKeyword } from './keywords.ts';
import { type LookalikeEntry, type LookalikeHit, LookalikeIndex } from './lookalike.ts';
import { madeOfGlueWords } from './path-words.ts';

export type UrlParts = { host: string; registrableDomain: string | null; path: string };

/**
 * A BrandMatch whose confidence is calibrated (calibration.ts), with the kind of its strongest evidence
 * and the matcher's own score (what the margin between brands was measured on; the e-mail matcher
 * weighs a sender domain by it).
 */
export type UrlMatch = BrandMatch & { kind: UrlEvidenceKind | 'official'; score: number };

const REG = 2;
const SUB = 1;
const PATH = 0;
type Where = typeof REG | typeof SUB | typeof PATH;
const WHERE_TEXT = ['path', 'subdomain', 'registrable domain'] as const;
const KEYWORD_KIND = [KIND['keyword-path'], KIND['keyword-subdomain'], KIND['keyword-registrable']];

/**
 * How far the best brand must lead the runner-up. Measured on JPCERT/CC (bench/brands.ts): when a second
 * brand is also named in the host (lead < 0.3) the URL comes from a multi-brand kit and the leader was the
 * labelled brand only ~60% of the time; when the runner-up appears only in the path (lead ≥ 0.35), 84-100%.
 * So two brands in the host → null; host evidence outweighs path-only evidence.
 */
export const URL_MARGIN = 0.3;

export const URL_SCORES = {
  keyword: [0.55, 0.75, 0.9], // by Where: path, subdomain, registrable label
  token: [0.5, 0.7, 0.85],
  officialInSubdomain: 0.85,
  officialInPath: 0.6,
  lookalike: [
    [0, 0.5],
    [0.75, 0.65, 0.6],
    [0.9, 0.8, 0.7],
  ] as number[][], // [Where][distance]
  /** A look-alike written as an official domain in the subdomain ('amazoazm.co.jp.x.ml'), by distance. */
  spoofed: [0.85, 0.8, 0.75, 0.7],
  /** A keyword several brands list (a group name) is weaker evidence for each of them. */
  shared: 0.85,
  /** Keyword evidence that appears only after the confusables skeleton. */
  homoglyph: 0.95,
} as const;

const MAX_PATH = 200;
/**
 * In a path, a keyword shorter than this must be a whole token ('resona' must not match '/resonant') or
 * be glued to phishing words only ('/webmailplala/', path-words.ts).
 */
const PATH_MIN_INNER = 7;
const MAX_HITS = 64;
const HOST_SEP = separatorTable('.-_');
const PATH_SEP = separatorTable('/.-_?=&%+~#:;,@!');
const PATH_DOMAIN_SEP = separatorTable('/?&=@');

export function createUrlMatcher(brands: readonly BrandSeed[]) {
  const kw = compileKeywords(brands);
  const ac = new AhoCorasick(kw.patterns, 'host');
  const patternLength = Int32Array.from(kw.patterns, (p) => p.length);
  const compoundsByPart = new Map<number, number[]>();
  kw.compounds.forEach((c, i) => {
    for (const p of c.parts) compoundsByPart.set(p, [...(compoundsByPart.get(p) ?? []), i]);
  });
  const compoundMark = new Int32Array(kw.compounds.length);
  let compoundStamp = 0;

  const hosts = createHostTable(brands);
  const lookEntries: LookalikeEntry[] = [];
  brands.forEach((b, i) => {
    for (const d of b.officialDomains) {
      const name = parseDomain(d, { allowPrivateDomains: true }).domainWithoutSuffix;
      // Compared skeleton to skeleton (UTS #39): 'westernunion' is stored as 'westemunion'.
      if (name && nameCarriesKeyword(name, b.keywords)) {
        lookEntries.push({ name: skeleton(name), domain: d, brand: i });
      }
    }
  });
  const look = new LookalikeIndex(lookEntries);
  // The suffixes official domains end in ('co.jp', 'com', 'ne.jp'): a subdomain label followed by one
  // is written to be read as a domain.
  const officialSuffixes = new Set<string>();
  for (const b of brands) {
    for (const d of b.officialDomains) {
      const suffix = parseDomain(d, { allowPrivateDomains: true }).publicSuffix;
      if (suffix) officialSuffixes.add(suffix);
    }
  }
  // Tokens longer than the longest name + 2 cannot be within distance 2 of any name.
  const maxToken = Math.max(0, ...lookEntries.map((e) => e.name.length)) + 2;
  const slugs = brands.map((b) => b.slug);
  // Group names: texts several brands list ('smbc', 'aeon', 'mufg'). An official domain built on one
  // ('smbc.co.jp', 'mufg.jp') says no more than the name: its evidence is group evidence (evidence.ts).
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

  // Scratch space reused by every call (matchUrl is synchronous and never re-entered).
  const hitIds = new Int32Array(MAX_HITS);
  const hitEnds = new Int32Array(MAX_HITS);
  const alive = new Uint8Array(MAX_HITS);
  const lookHits: LookalikeHit[] = [];

  function addRefs(
    ev: Evidence,
    refs: readonly KeywordRef[],
    base: number,
    w: Where,
    via: string,
    claimed: Map<string, number[]> | null,
    text: string,
  ): void {
    const owners = claimed?.get(text);
    for (const ref of refs) {
      if (owners && !owners.includes(ref.brand)) continue;
      const score = base * (ref.shared ? URL_SCORES.shared : 1) * (via === '' ? 1 : URL_SCORES.homoglyph);
      const why = `keyword "${ref.keyword}" in ${WHERE_TEXT[w]}${via}`;
      const channel = w === PATH ? 1 : 0;
      ev.add(ref.brand, score, why, channel, ref.shared ? ref.keyword : undefined, KEYWORD_KIND[w]);
      if (ref.family >= 0) addFamily(ev, ref.family, score, why, channel, KEYWORD_KIND[w]!);
    }
  }

  /** A sister brand's name ('rakuten-card') fits the brand it extends as well: equal evidence for both. */
  function addFamily(
    ev: Evidence,
    brand: number,
    score: number,
    why: string,
    channel: number,
    kind: number,
  ): void {
    ev.add(brand, score, `${why}, a sister brand's name`, channel, undefined, kind);
  }

  function scanKeywords(text: string, regStart: number, inPath: boolean, via: string, ev: Evidence): void {
    const n = ac.collect(text, hitIds, hitEnds);
    // A hit inside a longer hit belongs to the longer keyword ('resona' in 'saitamaresona').
    for (let i = 0; i < n; i++) {
      alive[i] = 1;
      const si = hitEnds[i]! - patternLength[hitIds[i]!]!;
      for (let j = 0; j < n; j++) {
        const lj = patternLength[hitIds[j]!]!;
        if (lj > patternLength[hitIds[i]!]! && hitEnds[j]! - lj <= si && hitEnds[j]! >= hitEnds[i]!) {
          alive[i] = 0;
          break;
        }
      }
    }
    // Compound keywords ('smbc+card') first: a match claims its parts from brands that list them alone.
    let claimed: Map<string, number[]> | null = null;
    if (!inPath && n >= 2) {
      const stamp = ++compoundStamp;
      for (let i = 0; i < n; i++) {
        const candidates =
          alive[i] && kw.patternIsPart[hitIds[i]!] ? compoundsByPart.get(hitIds[i]!) : undefined;
        if (!candidates) continue;
        for (const ci of candidates) {
          if (compoundMark[ci] === stamp) continue;
          compoundMark[ci] = stamp;
          const c = kw.compounds[ci]!;
          let worst: Where = REG;
          for (const part of c.parts) {
            let best = -1;
            for (let j = 0; j < n; j++)
              if (alive[j] && hitIds[j] === part)
                best = Math.max(best, whereOf(hitEnds[j]! - patternLength[part]!, regStart, inPath));
            worst = Math.min(worst, best) as Where;
            if (best < 0) break;
          }
          if (worst < SUB) continue;
          const score = URL_SCORES.keyword[worst]! * (via === '' ? 1 : URL_SCORES.homoglyph);
          const why = `keywords "${c.keyword}" in ${WHERE_TEXT[worst]}${via}`;
          ev.add(c.brand, score, why, 0, undefined, KIND.compound);
          if (c.family >= 0) addFamily(ev, c.family, score, why, 0, KIND.compound);
          claimed ??= new Map();
          for (const part of c.parts) {
            const partText = kw.patterns[part]!;
            claimed.set(partText, [...(claimed.get(partText) ?? []), c.brand]);
          }
        }
      }
    }
    const sep = inPath ? PATH_SEP : HOST_SEP;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const id = hitIds[i]!;
      const end = hitEnds[i]!;
      const start = end - patternLength[id]!;
      const whole =
        (start === 0 || isSep(sep, text.charCodeAt(start - 1))) &&
        (end === text.length || isSep(sep, text.charCodeAt(end)));
      const w = whereOf(start, regStart, inPath);
      const refs = kw.patternRefs[id]!;
      // In a path, a short keyword must be a whole token ('resona' must not match '/resonant') or be glued
      // to phishing words only ('/webmailplala/', path-words.ts).
      if (
        refs.length > 0 &&
        (whole || !inPath || patternLength[id]! >= PATH_MIN_INNER || gluedToWords(text, start, end))
      ) {
        addRefs(ev, refs, URL_SCORES.keyword[w]!, w, via, claimed, kw.patterns[id]!);
      }
      const tokenRefs = kw.patternTokenRefs[id]!;
      if (tokenRefs.length > 0 && whole && (!inPath || patternLength[id]! >= 3)) {
        addRefs(ev, tokenRefs, URL_SCORES.token[w]!, w, via, claimed, kw.patterns[id]!);
      }
    }
  }

  /**
   * Look-alikes of official names, label by label and hyphen part by part, on the skeleton `sk` of the
   * host region `raw` (same labels, homoglyphs folded): a part whose skeleton IS an official name while
   * its spelling differs is a homoglyph; otherwise edit distance 1-2.
   */
  function scanLookalikes(raw: string, sk: string, regStart: number, ev: Evidence): void {
    if (sk === raw) {
      // No homoglyphs (81% of hosts): walk labels and hyphen parts by offset, slicing only candidates.
      for (let start = 0; start < sk.length; ) {
        let end = sk.indexOf('.', start);
        if (end < 0) end = sk.length;
        const w: Where = start >= regStart ? REG : SUB;
        if (end - start >= 5 && end - start <= maxToken) lookalikeToken(sk.slice(start, end), false, w, ev);
        const dash = sk.indexOf('-', start);
        if (dash >= 0 && dash < end) {
          for (let p = start; p < end; ) {
            let q = sk.indexOf('-', p);
            if (q < 0 || q > end) q = end;
            if (q - p >= 5 && q - p <= maxToken) lookalikeToken(sk.slice(p, q), false, w, ev);
            p = q + 1;
          }
        }
        start = end + 1;
      }
    } else {
      const rawLabels = raw.split('.');
      let index = 0;
      for (let start = 0; start < sk.length; index++) {
        let end = sk.indexOf('.', start);
        if (end < 0) end = sk.length;
        const w: Where = start >= regStart ? REG : SUB;
        if (end - start >= 4) {
          const skLabel = sk.slice(start, end);
          const rawLabel = rawLabels[index] ?? skLabel;
          lookalikeToken(skLabel, skLabel !== rawLabel, w, ev);
          if (skLabel.includes('-')) {
            const rawParts = rawLabel.split('-');
            const parts = skLabel.split('-');
            for (let i = 0; i < parts.length; i++) {
              if (parts[i]!.length >= 4) lookalikeToken(parts[i]!, parts[i] !== rawParts[i], w, ev);
            }
          }
        }
        start = end + 1;
      }
    }
    // An official domain written into the subdomain: 'www.amazon.co.jp.example.cn'.
    if (regStart > 1) {
      const owner = hosts.officialOwner(sk.slice(0, regStart - 1));
      if (owner) {
        const why = `official domain ${owner.domain} inside the host`;
        const group = groupOf.get(owner.domain);
        ev.add(owner.brand, URL_SCORES.officialInSubdomain, why, 0, group, KIND['official-in-host']);
      }
    }
  }

  function lookalikeToken(token: string, homoglyph: boolean, w: Where, ev: Evidence): void {
    if (homoglyph) {
      const exact = look.exactMatches(token);
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
    if (look.exactMatches(token).length > 0) return;
    lookHits.length = 0;
    look.find(token, w === REG, lookHits);
    for (const { entry, distance } of lookHits) {
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

  /**
   * Subdomain labels written as a domain ('amazoazm.co.jp.' in 'amazoazm.co.jp.x-y.ml'): the victim reads
   * the label as the brand's domain, so it is held to the wider spoofedDistance.
   */
  function scanSpoofed(sk: string, regStart: number, ev: Evidence): void {
    const subEnd = regStart - 1; // the dot before the registrable label
    for (let start = 0; start < subEnd; ) {
      const end = sk.indexOf('.', start);
      if (end < 0 || end >= subEnd) return;
      const next = sk.indexOf('.', end + 1);
      const one = sk.slice(end + 1, next);
      const after = next < subEnd ? sk.indexOf('.', next + 1) : -1;
      const spoofed =
        officialSuffixes.has(one) || (after > 0 && officialSuffixes.has(sk.slice(end + 1, after)));
      if (spoofed && end - start >= 4) spoofedToken(sk.slice(start, end), ev);
      start = end + 1;
    }
  }

  function spoofedToken(token: string, ev: Evidence): void {
    if (look.exactMatches(token).length > 0) return; // the name itself: keywords and official domains
    lookHits.length = 0;
    look.findSpoofed(token, lookHits);
    for (const { entry, distance } of lookHits) {
      if (ev.has(entry.brand)) continue;
      const why = `look-alike of ${entry.domain} written as a domain (edit distance ${distance})`;
      ev.add(entry.brand, URL_SCORES.spoofed[distance]!, why, 0, groupOf.get(entry.domain), KIND.spoofed);
    }
  }

  function scanPathDomains(path: string, ev: Evidence): void {
    for (let start = 0; start < path.length; ) {
      let end = start;
      let dot = false;
      for (; end < path.length; end++) {
        const c = path.charCodeAt(end);
        if (isSep(PATH_DOMAIN_SEP, c)) break;
        if (c === 46) dot = true;
      }
      if (dot && end - start >= 4) {
        const owner = hosts.officialOwner(path.slice(start, end));
        if (owner) {
          const why = `official domain ${owner.domain} in the path`;
          const group = groupOf.get(owner.domain);
          ev.add(owner.brand, URL_SCORES.officialInPath, why, 1, group, KIND['official-in-path']);
        }
      }
      start = end + 1;
    }
  }

  /** Misspelt names as whole path tokens ('/rekuten/', '/linkedln/'): distance 1, names of 6+ letters. */
  function scanPathLookalikes(path: string, ev: Evidence): void {
    for (let start = 0; start < path.length; ) {
      let end = start;
      while (end < path.length && !isSep(PATH_SEP, path.charCodeAt(end))) end++;
      const len = end - start;
      if (len >= 6 && len <= maxToken && look.mayFind(len, path.charCodeAt(start), path.charCodeAt(end - 1)))
        lookalikeToken(path.slice(start, end), false, PATH, ev);
      start = end + 1;
    }
  }

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
    if (region !== '') {
      const regStart = region.lastIndexOf('.') + 1;
      scanKeywords(region, regStart, false, '', ev);
      const sk = skeleton(region);
      const skStart = sk.lastIndexOf('.') + 1;
      if (sk !== region) scanKeywords(sk, skStart, false, ' (look-alike spelling)', ev);
      if (skStart > 1) scanSpoofed(sk, skStart, ev);
      scanLookalikes(region, sk, skStart, ev);
    }
    if (path.length > 1) {
      scanKeywords(path, 0, true, '', ev);
      if (path.includes('.')) scanPathDomains(path, ev);
      scanPathLookalikes(path, ev);
    }
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

/** Is the path token around [start, end) the keyword plus glue words and digits only? */
function gluedToWords(path: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && !isSep(PATH_SEP, path.charCodeAt(a - 1))) a--;
  let b = end;
  while (b < path.length && !isSep(PATH_SEP, path.charCodeAt(b))) b++;
  return madeOfGlueWords(path.slice(a, start)) && madeOfGlueWords(path.slice(end, b));
}

function whereOf(start: number, regStart: number, inPath: boolean): Where {
  return inPath ? PATH : start >= regStart ? REG : SUB;
}

function separatorTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

function isSep(table: Uint8Array, c: number): boolean {
  return c >= 128 || table[c] === 1;
}
