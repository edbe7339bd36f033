/**
 * Defanging (make a URL non-clickable for sharing), refanging (undo the usual defanging styles) and
 * masking (the partly hidden form printed in public alerts).
 */
import { canonicalizeUrlParts } from './canonicalize.ts';
import { parseHost } from './domain.ts';

const SCHEME_PREFIX = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * `https://example.com/path` → `hxxps://example[.]com/path`: http(s) become hxxp(s) and every dot of
 * the host is bracketed. Already defanged input is refanged first, so defang is idempotent.
 */
export function defang(url: string): string {
  const clean = refang(url.trim());
  let scheme = '';
  let rest = clean;
  const m = SCHEME_PREFIX.exec(clean);
  if (m) {
    const name = m[1]!.toLowerCase();
    scheme = `${name === 'http' ? 'hxxp' : name === 'https' ? 'hxxps' : m[1]}://`;
    rest = clean.slice(m[0].length);
  }
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at + 1);
  const host = authority.slice(at + 1).replaceAll('.', '[.]');
  return scheme + userinfo + host + defangNested(tail);
}

// A URL carried inside the path or query ('/?u=http://b.example/') is as clickable as the outer one.
const NESTED_URL = /\b(https?):\/\/([^/?#&\s]*)/gi;

function defangNested(tail: string): string {
  return tail.replace(NESTED_URL, (_m, scheme: string, host: string) => {
    const fanged = scheme.toLowerCase() === 'https' ? 'hxxps' : 'hxxp';
    return `${fanged}://${host.replaceAll('.', '[.]')}`;
  });
}

/**
 * Free text that quotes a hostile page (its title, its form labels) with every URL and host in it
 * defanged, so a mail client's auto-linking finds nothing to link: `scheme://…` runs and dotted names or
 * IPv4 addresses (with whatever path follows) go through {@link defang}. Dotted numbers that cannot be
 * an address ("2.0.1") stay as they are. Full-width dots count as dots: browsers map them to ".".
 * Linear on hostile text: a token can only start where no token character precedes it.
 */
export function defangText(text: string): string {
  return text.replace(/[\uff0e\uff61]/g, '.').replace(LINK_LIKE, (token) => {
    if (!/^[a-z][a-z0-9+-]*:\/\//i.test(token)) {
      const labels = (/^[^:/?#]*/.exec(token)?.[0] ?? '').split('.');
      const last = labels[labels.length - 1] ?? '';
      if (/^\d*$/.test(last) && !(labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l)))) {
        return token;
      }
    }
    return defang(token);
  });
}

const TOKEN_CHAR = '[\\p{L}\\p{N}_-]';
const LINK_LIKE = new RegExp(
  `(?<![\\p{L}\\p{N}_+.-])(?:[a-z][a-z0-9+-]*:\\/\\/[^\\s<>"']*|${TOKEN_CHAR}+(?:\\.${TOKEN_CHAR}+)+(?:[:/?#][^\\s<>"']*)?)`,
  'giu',
);

// Each pattern is bounded (no unbounded whitespace runs) so refang stays linear on hostile text.
const REFANG_RULES: ReadonlyArray<readonly [RegExp, string | ((match: string, s: string) => string)]> = [
  [/\bh(?:xx|\*\*)p([sS]?)\b/gi, (_m: string, s: string) => `http${s.toLowerCase()}`], // hxxp hXXp HXXPS h**p
  // "ttp://" as used in Japanese text to avoid auto-links
  [/(?<![a-z])ttp([sS]?):\/\//gi, (_m: string, s: string) => `http${s.toLowerCase()}://`],
  [/[[({]:\/\/[\])}]/g, '://'], // [://]
  [/[[({]:[\])}]/g, ':'], // [:] (:) {:}
  [/[[({]\/[\])}]/g, '/'], // [/]
  [/ ?\[ ?(?:\.|dot) ?\] ?/gi, '.'], // [.] [dot] [DOT], also spaced: "example [.] com"
  [/[({](?:\.|dot)[)}]/gi, '.'], // (.) {.} (dot) {dot}
];

/** Undo common defanging: hxxp/hXXp, [.], (.), {.}, [dot], [:], [://], [/], ttp://. */
export function refang(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REFANG_RULES) {
    // two calls because TypeScript has no String.replace overload for a string-or-function union
    out =
      typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

const MASK = '●●●●';

function firstChars(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Masked URL for public alerts. Exact rule:
 * - the URL is refanged and canonicalised first (so it throws AppError like canonicalizeUrl);
 * - scheme kept: `https://`;
 * - domain hosts (shown in Unicode): the first 3 characters of the first label are kept, then
 *   `●●●●` hides the rest of the host up to the public suffix, which is kept (`.hu`, `.co.jp`,
 *   `.workers.dev`). When the first label has 3 characters or fewer and more labels follow, it is
 *   kept whole and followed by a dot: `g57.abcdef.hu` → `g57.●●●●.hu`; `amazon-login.com` →
 *   `ama●●●●.com`. A host that is itself a suffix keeps only its last label;
 * - IPv4 hosts keep the first octet (`192.●●●●`), IPv6 hosts the first group (`[2001:●●●●]`);
 * - port, query and fragment are dropped; of the path only `/` plus the first character of the first
 *   segment is kept (`/abc/def?x=1` → `/a`); an empty path or `/` gives nothing.
 * Example: `https://g57.abcdef.hu/abc` → `https://g57.●●●●.hu/a`.
 */
export function maskUrl(url: string): string {
  const parts = canonicalizeUrlParts(refang(url));
  let host: string;
  if (parts.hostKind === 'ipv4') {
    host = `${parts.host.slice(0, parts.host.indexOf('.'))}.${MASK}`;
  } else if (parts.hostKind === 'ipv6') {
    host = `[${parts.host.slice(1).split(':')[0]}:${MASK}]`;
  } else {
    const parsed = parseHost(parts.host);
    const display = parsed.unicodeHost;
    let suffix = parsed.publicSuffix ? parseHost(parsed.publicSuffix).unicodeHost : '';
    if (!suffix || suffix === display) suffix = display.slice(display.lastIndexOf('.') + 1);
    const head = display.length > suffix.length ? display.slice(0, display.length - suffix.length - 1) : '';
    const labels = head === '' ? [] : head.split('.');
    const first = labels[0] ?? '';
    const kept = firstChars(first, 3);
    const dot = kept === first && labels.length > 1 ? '.' : '';
    host = `${kept}${dot}${MASK}.${suffix}`;
  }
  const segment = parts.path.split('/')[1] ?? '';
  const path = segment === '' ? '' : `/${firstChars(decodeSegment(segment), 1)}`;
  return `${parts.scheme}://${host}${path}`;
}
