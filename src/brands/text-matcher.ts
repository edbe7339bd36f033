/**
 * Which brand does an e-mail (or SMS) claim to come from? Brand names (Japanese and English, every alias)
 * and keywords are searched in the sender's domain, address, display name, subject and body, with the
 * same conflict rule as URLs. Body mentions are weak: mails cite other brands ("pay with Apple Pay").
 */
import { parse as parseDomain } from 'tldts';
import { AhoCorasick } from './aho-corasick.ts';
import type { BrandMatch, BrandSeed } from './brand.ts';
import { Evidence } from './evidence.ts';
import { isTokenKeyword, separatorVariants } from './keywords.ts';
import { normalizeLabel } from './labels.ts';
import type { UrlParts } from './url-matcher.ts';

export type TextParts = { fromAddress?: string; fromName?: string; subject?: string; body?: string };

/**
 * Lead needed over the runner-up. No labelled e-mail set exists to measure it; 0.2 lets the sender,
 * display name or subject (≥ 0.8) outweigh brands only mentioned in the body (0.55), and two brands in
 * the subject, or sender and name disagreeing, give null.
 */
export const TEXT_MARGIN = 0.2;

export const TEXT_SCORES = {
  senderOfficial: 0.95,
  sender: 0.9,
  fromName: 0.85,
  subject: 0.8,
  localPart: 0.6,
  body: 0.55,
};

/**
 * Names that are also ordinary words: they count only as the whole display name or sender, never inside a
 * subject or body ('LINE', 'Box', 'Wise', 'Meta', 'Steam'...).
 */
const COMMON_WORDS = new Set(
  'alpha blockchain booking box chase discover fidelity interac line loft meta nets nickel optimum outlook regions sars smiles steam sure wise x zero'.split(
    ' ',
  ),
);
const MAX_BODY = 100_000;

type NameRef = { brand: number; written: string; caseSensitive: boolean; common: boolean };

export function createTextMatcher(
  brands: readonly BrandSeed[],
  matchUrl: (u: UrlParts) => BrandMatch | null,
) {
  const refsByPattern = new Map<string, NameRef[]>();
  const addName = (brand: number, written: string, fromKeyword: boolean) => {
    const key = normalizeLabel(written);
    if (key.length < 2) return; // 'X' (Twitter) is not searchable
    const ascii = /^[\x00-\x7f]+$/.test(key);
    const ref: NameRef = {
      brand,
      written: written.normalize('NFKC'),
      // Short names are matched as written: 'au', 'iD', 'ANA', 'ING' but not 'Au', 'id', 'ana', 'ing'.
      caseSensitive: ascii && key.length <= 3 && !fromKeyword,
      common: COMMON_WORDS.has(key),
    };
    const refs = refsByPattern.get(key) ?? [];
    if (!refs.some((r) => r.brand === brand && r.written === ref.written)) refs.push(ref);
    refsByPattern.set(key, refs);
  };
  brands.forEach((b, i) => {
    for (const name of [b.nameJa, b.nameEn, ...b.aliases]) addName(i, name, false);
    for (const k of b.keywords) {
      // Short keywords are covered by the names (matched case-sensitively); compounds are host-only.
      if (k.includes('+') || (isTokenKeyword(k) && k.replace(/^=/, '').length <= 3)) continue;
      for (const v of separatorVariants(k.replace(/^=/, ''))) addName(i, v, true);
    }
  });
  const patterns = [...refsByPattern.keys()];
  const ac = new AhoCorasick(patterns, 'unicode');
  const official = new Map<string, number>();
  brands.forEach((b, i) => {
    for (const d of b.officialDomains) official.set(d, i);
  });
  const slugs = brands.map((b) => b.slug);

  function scanNames(raw: string, score: number, channel: number, what: string, ev: Evidence): void {
    const written = raw.normalize('NFKC').replace(/\s+/g, ' ');
    const text = written.toLowerCase();
    const sameLength = text.length === written.length;
    const whole = text.trim();
    const hits: { p: number; start: number; end: number }[] = [];
    ac.scan(text, (p, end) => {
      const start = end - patterns[p]!.length;
      if (isWordChar(patterns[p]!.charCodeAt(0)) && start > 0 && isWordChar(text.charCodeAt(start - 1)))
        return;
      if (isWordChar(patterns[p]!.charCodeAt(patterns[p]!.length - 1)) && isWordChar(text.charCodeAt(end)))
        return;
      hits.push({ p, start, end });
    });
    for (const h of hits) {
      // '楽天' inside '楽天カード' belongs to the longer name.
      if (
        hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start)
      ) {
        continue;
      }
      for (const ref of refsByPattern.get(patterns[h.p]!)!) {
        if (ref.caseSensitive && (!sameLength || written.slice(h.start, h.end) !== ref.written)) continue;
        if (ref.common && whole !== patterns[h.p]) continue;
        ev.add(ref.brand, score, `name "${written.slice(h.start, h.end)}" in ${what}`, channel);
      }
    }
  }

  return function matchText(t: TextParts): BrandMatch | null {
    const ev = new Evidence();
    let officialBrand = -1;
    const address = (t.fromAddress ?? '').trim().replace(/^.*</, '').replace(/>.*$/, '').toLowerCase();
    const at = address.lastIndexOf('@');
    if (at > 0) {
      const domain = address.slice(at + 1).replace(/\.$/, '');
      const byDomain = matchUrl({
        host: domain,
        registrableDomain: parseDomain(domain, { allowPrivateDomains: true }).domain,
        path: '',
      });
      if (byDomain?.official) {
        officialBrand = slugs.indexOf(byDomain.slug);
        ev.add(officialBrand, TEXT_SCORES.senderOfficial, `sender domain ${domain} is official`, 0);
      } else if (byDomain) {
        const score = Math.min(TEXT_SCORES.sender, byDomain.confidence);
        const brand = slugs.indexOf(byDomain.slug);
        for (const e of byDomain.evidence) ev.add(brand, score, `sender domain ${domain}: ${e}`, 0);
      }
      scanNames(address.slice(0, at).replace(/[._+-]/g, ' '), TEXT_SCORES.localPart, 0, 'sender address', ev);
    }
    if (t.fromName) scanNames(t.fromName, TEXT_SCORES.fromName, 1, 'display name', ev);
    if (t.subject) scanNames(t.subject, TEXT_SCORES.subject, 2, 'subject', ev);
    if (t.body) scanNames(t.body.slice(0, MAX_BODY), TEXT_SCORES.body, 3, 'body', ev);
    const best = ev.decide(TEXT_MARGIN);
    if (!best) return null;
    const match: BrandMatch = {
      slug: slugs[best.brand]!,
      confidence: best.confidence,
      evidence: best.evidence,
    };
    if (best.brand === officialBrand) match.official = true;
    return match;
  };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
