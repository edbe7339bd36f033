/**
 * Which brand does a phishing URL imitate? Evidence, strongest first:
 * - the host IS an official domain (or a subdomain of one): the real service, flagged `official`;
 * - a brand keyword or an official domain inside the host (registrable label > subdomain labels);
 * - a look-alike of an official name (homoglyphs, edit distance 1-2);
 * - a keyword or an official domain in the path (weak: kits put brand names in paths of hacked sites).
 * Several brands: the strongest wins only if it leads by MARGIN (evidence.ts), else null.
 * Everything is precomputed at creation; a call is one Aho-Corasick pass over host and over path, a token
 * walk and a few map lookups, with no per-call closures (hot path: ~170,000 URLs per import).
 */
import { domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';
import { AhoCorasick } from './aho-corasick.ts';
import type { BrandMatch, BrandSeed } from './brand.ts';
import { skeleton } from './confusables.ts';
import { Evidence } from './evidence.ts';
import { compileKeywords, type KeywordRef, nameCarriesKeyword } from './keywords.ts';
import { type LookalikeEntry, type LookalikeHit, LookalikeIndex } from './lookalike.ts';
import { CONTENT_HOSTS, REDIRECTORS } from './url-hosts.ts';

export type UrlParts = { host: string; registrableDomain: string | null; path: string };

const REG = 2;
const SUB = 1;
const PATH = 0;
type Where = typeof REG | typeof SUB | typeof PATH;
const WHERE_TEXT = ['path', 'subdomain', 'registrable domain'] as const;

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
  lookalike: [[], [0.75, 0.65, 0.6], [0.9, 0.8, 0.7]] as number[][], // [Where][distance]
  /** A keyword several brands list (a group name) is weaker evidence for each of them. */
  shared: 0.85,
  /** Keyword evidence that appears only after the confusables skeleton. */
  homoglyph: 0.95,
} as const;

const MAX_PATH = 200;
/** In a path, a keyword shorter than this must be a whole token: 'resona' must not match '/resonant'. */
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

  // One table for every suffix lookup of a host: official domains and content hosts.
  const OFFICIAL = 1;
  const CONTENT = 2; // the host or a subdomain of it hosts third-party content
  const CONTENT_SUB = 4; // only subdomains do ('*.heteml.jp')
  const REDIRECT = 8; // an open redirector lives under some path of this host
  const hostRules = new Map<string, { flags: number; brand: number }>();
  const rule = (h: string) => {
    let r = hostRules.get(h);
    if (!r) hostRules.set(h, (r = { flags: 0, brand: -1 }));
    return r;
  };
  const lookEntries: LookalikeEntry[] = [];
  brands.forEach((b, i) => {
    for (const d of b.officialDomains) {
      const r = rule(d);
      r.flags |= OFFICIAL;
      r.brand = i;
      const name = parseDomain(d, { allowPrivateDomains: true }).domainWithoutSuffix;
      if (name && nameCarriesKeyword(name, b.keywords)) lookEntries.push({ name, domain: d, brand: i });
    }
  });
  for (const h of CONTENT_HOSTS) {
    if (h.startsWith('*.')) rule(h.slice(2)).flags |= CONTENT_SUB;
    else rule(h).flags |= CONTENT;
  }
  const redirectPrefixes = new Map<string, string[]>();
  for (const [h, prefix] of REDIRECTORS) {
    rule(h).flags |= REDIRECT;
    redirectPrefixes.set(h, [...(redirectPrefixes.get(h) ?? []), prefix]);
  }
  const look = new LookalikeIndex(lookEntries);
  const slugs = brands.map((b) => b.slug);

  // Scratch space reused by every call (matchUrl is synchronous and never re-entered).
  const hitIds = new Int32Array(MAX_HITS);
  const hitEnds = new Int32Array(MAX_HITS);
  const alive = new Uint8Array(MAX_HITS);
  const lookHits: LookalikeHit[] = [];

  /** The brand whose official domain is `host` or a parent of it. */
  function officialOwner(host: string): { brand: number; domain: string } | null {
    for (let i = 0; ; ) {
      const suffix = i === 0 ? host : host.slice(i);
      const r = hostRules.get(suffix);
      if (r && r.flags & OFFICIAL) return { brand: r.brand, domain: suffix };
      const dot = host.indexOf('.', i);
      if (dot < 0) return null;
      i = dot + 1;
    }
  }

  /**
   * One walk over the host's suffixes: the length of the content-hosting suffix it is on (the whole host
   * for an open redirector), or -1 with the official owner if there is one.
   */
  function classifyHost(host: string, path: string): { contentLen: number; official: number; domain: string } {
    let official = -1;
    let domain = '';
    for (let i = 0; ; ) {
      const suffix = i === 0 ? host : host.slice(i);
      const r = hostRules.get(suffix);
      if (r) {
        if (r.flags & CONTENT || (i > 0 && r.flags & CONTENT_SUB)) return { contentLen: suffix.length, official: -1, domain: '' };
        if (r.flags & REDIRECT && redirectPrefixes.get(suffix)!.some((p) => path.startsWith(p))) {
          return { contentLen: host.length, official: -1, domain: '' };
        }
        if (official < 0 && r.flags & OFFICIAL) {
          official = r.brand;
          domain = suffix;
        }
      }
      const dot = host.indexOf('.', i);
      if (dot < 0) return { contentLen: -1, official, domain };
      i = dot + 1;
    }
  }

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
      if (via !== '' && ev.has(ref.brand)) continue; // the plain spelling already found this brand
      const score = base * (ref.shared ? URL_SCORES.shared : 1) * (via === '' ? 1 : URL_SCORES.homoglyph);
      ev.add(ref.brand, score, `keyword "${ref.keyword}" in ${WHERE_TEXT[w]}${via}`, w === PATH ? 1 : 0);
    }
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
          if (via === '' || !ev.has(c.brand)) {
            const score = URL_SCORES.keyword[worst]! * (via === '' ? 1 : URL_SCORES.homoglyph);
            ev.add(c.brand, score, `keywords "${c.keyword}" in ${WHERE_TEXT[worst]}${via}`, 0);
          }
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
      const whole = (start === 0 || isSep(sep, text.charCodeAt(start - 1))) && (end === text.length || isSep(sep, text.charCodeAt(end)));
      const w = whereOf(start, regStart, inPath);
      const refs = kw.patternRefs[id]!;
      // In a path, a short keyword must be a whole token: 'resona' must not match '/resonant'.
      if (refs.length > 0 && (whole || !inPath || patternLength[id]! >= PATH_MIN_INNER)) {
        addRefs(ev, refs, URL_SCORES.keyword[w]!, w, via, claimed, kw.patterns[id]!);
      }
      const tokenRefs = kw.patternTokenRefs[id]!;
      if (tokenRefs.length > 0 && whole && (!inPath || patternLength[id]! >= 3)) {
        addRefs(ev, tokenRefs, URL_SCORES.token[w]!, w, via, claimed, kw.patterns[id]!);
      }
    }
  }

  function scanLookalikes(text: string, regStart: number, homoglyph: boolean, ev: Evidence): void {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('.', start);
      if (end < 0) end = text.length;
      const w: Where = start >= regStart ? REG : SUB;
      if (end - start >= 4) {
        const hostLabel = text.slice(start, end);
        if (homoglyph) {
          // The whole label equals an official name once homoglyphs are folded: 'аmazon', 'rnercari'.
          for (const e of look.exactMatches(hostLabel)) {
            if (!ev.has(e.brand))
              ev.add(e.brand, URL_SCORES.lookalike[w]![0]!, `homoglyph look-alike of ${e.domain}`);
          }
        }
        lookalikeToken(hostLabel, w, homoglyph, ev);
        if (hostLabel.includes('-'))
          for (const part of hostLabel.split('-')) lookalikeToken(part, w, homoglyph, ev);
      }
      start = end + 1;
    }
    // An official domain written into the subdomain: 'www.amazon.co.jp.example.cn'.
    if (regStart > 1) {
      const owner = officialOwner(text.slice(0, regStart - 1));
      if (owner)
        ev.add(
          owner.brand,
          URL_SCORES.officialInSubdomain,
          `official domain ${owner.domain} inside the host`,
        );
    }
  }

  function lookalikeToken(token: string, w: Where, homoglyph: boolean, ev: Evidence): void {
    if (token.length < 5) return;
    lookHits.length = 0;
    look.find(token, w === REG, lookHits);
    for (const { entry, distance } of lookHits) {
      // A brand already found by a keyword gains nothing from its near-miss spelling.
      if (ev.has(entry.brand)) continue;
      const after = homoglyph ? ', after homoglyphs' : '';
      ev.add(
        entry.brand,
        URL_SCORES.lookalike[w]![distance]!,
        `look-alike of ${entry.domain} (edit distance ${distance}${after})`,
      );
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
        const owner = officialOwner(path.slice(start, end));
        if (owner)
          ev.add(owner.brand, URL_SCORES.officialInPath, `official domain ${owner.domain} in the path`, 1);
      }
      start = end + 1;
    }
  }

  return function matchUrl(u: UrlParts): BrandMatch | null {
    let host = u.host.toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    const rawPath = u.path.length > MAX_PATH ? u.path.slice(0, MAX_PATH) : u.path;
    const path = rawPath.toLowerCase();
    const { contentLen, official, domain } = classifyHost(host, path);
    if (official >= 0) {
      return { slug: slugs[official]!, confidence: 1, evidence: [`official domain ${domain}`], official: true };
    }
    const ev = new Evidence();
    let region = hostRegion(host, u.registrableDomain?.toLowerCase() ?? null, contentLen);
    if (region.includes('xn--')) region = (domainToUnicode(region) || region).toLowerCase();
    if (region !== '') {
      const regStart = region.lastIndexOf('.') + 1;
      scanKeywords(region, regStart, false, '', ev);
      scanLookalikes(region, regStart, false, ev);
      const sk = skeleton(region);
      if (sk !== region) {
        const skStart = sk.lastIndexOf('.') + 1;
        scanLookalikes(sk, skStart, true, ev);
        scanKeywords(sk, skStart, false, ' (look-alike spelling)', ev);
      }
    }
    if (path.length > 1) {
      scanKeywords(path, 0, true, '', ev);
      if (path.includes('.')) scanPathDomains(path, ev);
    }
    const best = ev.decide(URL_MARGIN);
    return best ? { slug: slugs[best.brand]!, confidence: best.confidence, evidence: best.evidence } : null;
  };
}

/** The part of the host a phisher chose: everything left of the public suffix (or of a content host). */
function hostRegion(host: string, registrable: string | null, contentLen: number): string {
  if (contentLen >= 0) return host.slice(0, Math.max(0, host.length - contentLen - 1));
  if (registrable && host.endsWith(registrable)) {
    const dot = registrable.indexOf('.');
    return dot < 0 ? host : host.slice(0, host.length - (registrable.length - dot));
  }
  if (/^[\d.]+$/.test(host) || host.includes(':')) return ''; // IP address
  return host;
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
