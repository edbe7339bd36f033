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
import { MAILBOX_DOMAINS } from './url-hosts.ts';
import type { UrlMatch, UrlParts } from './url-matcher.ts';

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

const SUBJECT = 2;
const BODY = 3;

export function createTextMatcher(brands: readonly BrandSeed[], matchUrl: (u: UrlParts) => UrlMatch | null) {
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
      const plain = k.replace(/^=/, '');
      for (const v of separatorVariants(plain)) addName(i, v, true);
      if (/[-.]/.test(plain)) addName(i, plain.replace(/[-.]/g, ' '), true); // 'au pay', 'eki net'
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
        // 'au', 'eo', 'goo' are also words of French, Portuguese, English: in a subject or body they count
        // only next to Japanese text ('【au】', 'auから').
        if (
          channel >= SUBJECT &&
          ref.caseSensitive &&
          /^[a-z]+$/.test(ref.written) &&
          !nextToJapanese(text, h.start, h.end)
        ) {
          continue;
        }
        ev.add(ref.brand, score, `name "${written.slice(h.start, h.end)}" in ${what}`, channel);
      }
    }
  }

  return function matchText(t: TextParts): BrandMatch | null {
    const ev = new Evidence();
    let officialBrand = -1;
    const address = (t.fromAddress ?? '').trim().replace(/^.*</, '').replace(/>.*$/, '').toLowerCase();
    const at = address.lastIndexOf('@');
    const domain = at > 0 ? address.slice(at + 1).replace(/\.$/, '') : '';
    if (domain !== '' && !isMailbox(domain)) {
      const byDomain = matchUrl({
        host: domain,
        registrableDomain: parseDomain(domain, { allowPrivateDomains: true }).domain,
        path: '',
      });
      if (byDomain?.official) {
        officialBrand = slugs.indexOf(byDomain.slug);
        ev.add(officialBrand, TEXT_SCORES.senderOfficial, `sender domain ${domain} is official`, 0);
      } else if (byDomain) {
        // The URL matcher's score, not its calibrated confidence: the text margin was set against scores.
        const score = Math.min(TEXT_SCORES.sender, byDomain.score);
        const brand = slugs.indexOf(byDomain.slug);
        for (const e of byDomain.evidence) ev.add(brand, score, `sender domain ${domain}: ${e}`, 0);
      }
    }
    if (at > 0) {
      scanNames(address.slice(0, at).replace(/[._+-]/g, ' '), TEXT_SCORES.localPart, 0, 'sender address', ev);
    }
    if (t.fromName) scanNames(t.fromName, TEXT_SCORES.fromName, 1, 'display name', ev);
    // Addresses in the text ('write to x@gmail.com') name a mailbox, not the brand the mail claims to be.
    if (t.subject) scanNames(withoutAddresses(t.subject), TEXT_SCORES.subject, SUBJECT, 'subject', ev);
    if (t.body) scanNames(withoutAddresses(t.body.slice(0, MAX_BODY)), TEXT_SCORES.body, BODY, 'body', ev);
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

const mailbox = new Set(MAILBOX_DOMAINS);

function withoutAddresses(text: string): string {
  return text.includes('@') ? text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ') : text;
}

function isMailbox(domain: string): boolean {
  for (let i = 0; ; ) {
    if (mailbox.has(i === 0 ? domain : domain.slice(i))) return true;
    const dot = domain.indexOf('.', i);
    if (dot < 0) return false;
    i = dot + 1;
  }
}

/** Is the nearest non-space character before or after [start, end) Japanese (kana, kanji, 【】, full-width)? */
function nextToJapanese(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  let j = end;
  while (j < text.length && text.charCodeAt(j) === 32) j++;
  return (i >= 0 && isJapanese(text.charCodeAt(i))) || (j < text.length && isJapanese(text.charCodeAt(j)));
}

function isJapanese(c: number): boolean {
  return (c >= 0x3000 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
