/**
 * Brand keywords in a host region or a path: one Aho-Corasick pass over the text, then the rules that
 * decide which hits count:
 * - a hit inside a longer hit belongs to the longer keyword ('resona' in 'saitamaresona');
 * - in the host, a compound keyword ('smbc+card') claims its parts from brands that list them alone;
 * - in a path, a short keyword must be a whole token or be glued to phishing words only (path-words.ts);
 * - token keywords (short or common names) count only as whole tokens.
 * Scores by where the hit is (url-scores.ts). Scratch arrays are reused by every call: the scan is
 * synchronous and never re-entered.
 */
import { AhoCorasick } from './aho-corasick.ts';
import { KIND } from './calibration.ts';
import type { Evidence } from './evidence.ts';
import type { CompiledKeywords, KeywordRef } from './keywords.ts';
import { madeOfGlueWords } from './path-words.ts';
import { PATH, REG, SUB, URL_SCORES, type Where } from './url-scores.ts';
import { HOST_SEP, isSep, PATH_SEP } from './url-separators.ts';

const WHERE_TEXT = ['path', 'subdomain', 'registrable domain'] as const;
const KEYWORD_KIND = [KIND['keyword-path'], KIND['keyword-subdomain'], KIND['keyword-registrable']];

/**
 * In a path, a keyword shorter than this must be a whole token ('resona' must not match '/resonant') or
 * be glued to phishing words only ('/webmailplala/', path-words.ts).
 */
const PATH_MIN_INNER = 7;
const MAX_HITS = 64;

/**
 * scanKeywords(text, regStart, inPath, via, ev): `text` is a host region (labels from `regStart` on are
 * the registrable label) or a lower-cased path (`inPath`); `via` is appended to every reason
 * (' (look-alike spelling)' when `text` is a skeleton).
 */
export type KeywordScan = (
  text: string,
  regStart: number,
  inPath: boolean,
  via: string,
  ev: Evidence,
) => void;

export function createKeywordScan(kw: CompiledKeywords): KeywordScan {
  const ac = new AhoCorasick(kw.patterns, 'host');
  const patternLength = Int32Array.from(kw.patterns, (p) => p.length);
  const compoundsByPart = new Map<number, number[]>();
  kw.compounds.forEach((c, i) => {
    for (const p of c.parts) compoundsByPart.set(p, [...(compoundsByPart.get(p) ?? []), i]);
  });
  const compoundMark = new Int32Array(kw.compounds.length);
  let compoundStamp = 0;

  const hitIds = new Int32Array(MAX_HITS);
  const hitEnds = new Int32Array(MAX_HITS);
  const alive = new Uint8Array(MAX_HITS);

  return function scanKeywords(text, regStart, inPath, via, ev): void {
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
  };
}

/**
 * Keyword evidence for every brand the hit pattern `text` names; a pattern that a compound keyword claimed
 * counts only for the compound's brands.
 */
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
