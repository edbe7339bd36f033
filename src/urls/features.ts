/**
 * URL tricks the Council's monthly report counts (open redirects such as translation proxies, random
 * throwaway subdomains, short URLs, dynamic DNS, abuse of cloud hosting) plus a few technical signals.
 * Pure, cheap checks: Set lookups over the host's suffixes and a handful of anchored regexes.
 */
import type { ParsedHost } from './domain.ts';
import {
  CLOUD_HOSTING_PATTERNS,
  CLOUD_HOSTING_ZONES,
  DYNAMIC_DNS_ZONES,
  FREE_HOSTING_ZONES,
  GOOGLE_HOST,
  GOOGLE_REDIRECT_PATHS,
  IPFS_PATH,
  REDIRECT_PARAMS,
  REDIRECTOR_ROUTES,
  SHORT_URL_HOSTS,
} from './feature-lists.ts';

export type UrlFeature =
  | 'short_url'
  | 'dynamic_dns'
  | 'free_hosting'
  | 'cloud_hosting'
  | 'open_redirect'
  | 'random_subdomain'
  | 'ip_host'
  | 'punycode'
  | 'non_standard_port';

/** Ports that are not worth flagging: the defaults of http and https, whatever the scheme. */
const STANDARD_PORTS = new Set([80, 443]);

type ZoneFeature = 'short_url' | 'dynamic_dns' | 'free_hosting' | 'cloud_hosting';

interface ZoneEntry {
  features: ZoneFeature[];
  /** Path prefixes under which this zone is a known redirector. */
  redirectPaths: string[];
}

/**
 * One index for every zone list, so a URL costs one walk over its host's suffixes (hot path: a Map
 * lookup per label instead of a scan over every list).
 */
const ZONES = new Map<string, ZoneEntry>();
function zoneEntry(zone: string): ZoneEntry {
  let entry = ZONES.get(zone);
  if (!entry) {
    entry = { features: [], redirectPaths: [] };
    ZONES.set(zone, entry);
  }
  return entry;
}
for (const [list, feature] of [
  [SHORT_URL_HOSTS, 'short_url'],
  [DYNAMIC_DNS_ZONES, 'dynamic_dns'],
  [FREE_HOSTING_ZONES, 'free_hosting'],
  [CLOUD_HOSTING_ZONES, 'cloud_hosting'],
] as const) {
  for (const zone of list) zoneEntry(zone).features.push(feature);
}
for (const [zone, prefix] of REDIRECTOR_ROUTES) zoneEntry(zone).redirectPaths.push(prefix);
const REDIRECT_PARAM_NAMES = new Set(REDIRECT_PARAMS);

let maxZoneLabels = 1;
for (const zone of ZONES.keys()) maxZoneLabels = Math.max(maxZoneLabels, zone.split('.').length);
/** No zone is deeper than this, so only the host's last few suffixes need a lookup. */
const MAX_ZONE_LABELS = maxZoneLabels;

/** Zone entries matching the host or one of its parent domains, walking suffixes from the right. */
function zoneEntries(host: string): ZoneEntry[] {
  const found: ZoneEntry[] = [];
  let dot = host.lastIndexOf('.');
  for (let labels = 2; labels <= MAX_ZONE_LABELS && dot > 0; labels++) {
    const previous = host.lastIndexOf('.', dot - 1);
    const entry = ZONES.get(previous === -1 ? host : host.slice(previous + 1));
    if (entry) found.push(entry);
    if (previous === -1) break;
    dot = previous;
  }
  return found;
}

function splitCanonical(canonical: string): { path: string; query: string } {
  const start = canonical.indexOf('://');
  const slash = canonical.indexOf('/', start === -1 ? 0 : start + 3);
  if (slash === -1) return { path: '/', query: '' };
  const q = canonical.indexOf('?', slash);
  return q === -1
    ? { path: canonical.slice(slash), query: '' }
    : { path: canonical.slice(slash, q), query: canonical.slice(q + 1) };
}

/** Host of an absolute or protocol-relative URL string, lowercase; null when it is not one. */
function targetHost(value: string): string | null {
  const m = /^(?:https?:\/\/?|\/\/)([^/?#&\s\\]+)/i.exec(value) ?? /^(www\.[^/?#&\s\\]+)/i.exec(value);
  if (!m) return null;
  const authority = m[1]!;
  return authority
    .slice(authority.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .toLowerCase();
}

function isElsewhere(target: string | null, parsed: ParsedHost): boolean {
  if (target === null || target === '') return false;
  const own = parsed.registrableDomain;
  if (own === null) return target !== parsed.host;
  return target !== own && !target.endsWith(`.${own}`);
}

function isOpenRedirect(parsed: ParsedHost, entries: ZoneEntry[], path: string, query: string): boolean {
  const host = parsed.host;
  // Google Translate's proxy serves any site as <site-with-dashes>.translate.goog.
  if (host.endsWith('.translate.goog')) return true;
  if (GOOGLE_HOST.test(host) && GOOGLE_REDIRECT_PATHS.some((p) => path.startsWith(p))) return true;
  for (const entry of entries) {
    if (entry.redirectPaths.some((prefix) => path.startsWith(prefix))) return true;
  }
  // Any redirect-style parameter whose value is a URL on another site ("?url=https://evil.example/").
  if (query !== '') {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      if (!REDIRECT_PARAM_NAMES.has(pair.slice(0, eq).toLowerCase())) continue;
      if (isElsewhere(targetHost(pair.slice(eq + 1)), parsed)) return true;
    }
  }
  // A URL embedded as a path segment ("/redirect/https:/evil.example/", slashes already collapsed).
  const embedded = /\/https?:\/+([^/?#]+)/i.exec(path);
  return embedded !== null && isElsewhere(embedded[1]!.toLowerCase(), parsed);
}

interface TokenStats {
  digits: number;
  letters: number;
  vowels: number;
  /** Changes between a digit and a letter ("a1b2" has 3). */
  transitions: number;
  longestConsonantRun: number;
  /** Only 0-9 and a-f. */
  hex: boolean;
}

/** One pass over a label token (lowercase ASCII letters, digits, maybe '_'). */
function tokenStats(token: string): TokenStats {
  const stats: TokenStats = {
    digits: 0,
    letters: 0,
    vowels: 0,
    transitions: 0,
    longestConsonantRun: 0,
    hex: true,
  };
  let run = 0;
  let previousWasDigit: boolean | null = null;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const isLetter = c >= 97 && c <= 122;
    if (isDigit) stats.digits++;
    else if (isLetter) stats.letters++;
    if (!isDigit && !(c >= 97 && c <= 102)) stats.hex = false;
    // a e i o u y count as vowels ('y' so that "rhythm"-like words are not flagged)
    const isVowel = c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
    if (isVowel) stats.vowels++;
    run = isLetter && !isVowel ? run + 1 : 0;
    if (run > stats.longestConsonantRun) stats.longestConsonantRun = run;
    if (isDigit || isLetter) {
      if (previousWasDigit !== null && previousWasDigit !== isDigit) stats.transitions++;
      previousWasDigit = isDigit;
    }
  }
  return stats;
}

function looksRandomToken(token: string): boolean {
  if (token.length < 8) return false;
  const s = tokenStats(token);
  if (s.hex && token.length >= 16 && s.digits > 0 && s.letters > 0) return true; // hex digest
  if (s.digits > 0 && s.letters > 0 && (s.transitions >= 3 || token.length >= 20)) return true; // id salad
  if (s.longestConsonantRun >= 6) return true; // unpronounceable
  return s.digits === 0 && token.length >= 12 && s.vowels / token.length < 0.2;
}

/**
 * Does one DNS label look machine-generated? Tuned on JPCERT/CC's list: hex digests
 * (a686d7f83a222b0dfec648bff48b1cbd), letter/digit salad (dri1biyx5i7ydliz7dba29l7s, ytg43r43),
 * unpronounceable letter runs (lrnbkbqdzwmjskewerwf), and generated project names
 * (damp-forest-6f42, cabbage-0pu1-1iq9). Words, brand look-alikes (secure-amazon, smbc-card),
 * short tokens (jp, cdn-01, www2) and punycode labels are not.
 */
export function looksRandomLabel(label: string): boolean {
  if (label.length < 6 || label.startsWith('xn--')) return false;
  if (!label.includes('-')) return looksRandomToken(label);
  if (/^[a-z]{3,}-[a-z]{3,}-[0-9a-f]{4}$/.test(label) && !/-(?:19|20)\d\d$/.test(label)) return true;
  const generated = /^[a-z]{3,}-([a-z0-9]{4})-([a-z0-9]{4})$/.exec(label);
  if (generated?.slice(1).some((t) => /\d/.test(t!) && /[a-z]/.test(t!))) return true;
  return label.split('-').some(looksRandomToken);
}

function hasRandomSubdomain(parsed: ParsedHost): boolean {
  const registrable = parsed.registrableDomain;
  const host = parsed.host;
  if (registrable === null || host.length <= registrable.length) return false;
  const end = host.length - registrable.length - 1;
  // Walk the labels in place: most are short ("www", "co", "jp") and never need a substring.
  for (let start = 0; start < end; ) {
    let dot = host.indexOf('.', start);
    if (dot === -1 || dot > end) dot = end;
    if (dot - start >= 6 && looksRandomLabel(host.slice(start, dot))) return true;
    start = dot + 1;
  }
  return false;
}

/**
 * Features of a canonical URL. `rawPort` is the explicit port of the original input (the canonical
 * form drops ports; canonicalizeUrlParts returns it): any port other than 80/443 is non-standard.
 */
export function urlFeatures(canonical: string, parsed: ParsedHost, rawPort?: number | null): UrlFeature[] {
  const host = parsed.host;
  const { path, query } = splitCanonical(canonical);
  const entries = parsed.isIp ? [] : zoneEntries(host);
  const zoneFeatures = new Set<UrlFeature>();
  for (const entry of entries) for (const feature of entry.features) zoneFeatures.add(feature);
  if (!parsed.isIp && host.includes('.amazonaws.com') && CLOUD_HOSTING_PATTERNS.some((p) => p.test(host))) {
    zoneFeatures.add('cloud_hosting');
  }
  if (path.startsWith('/ipfs/') && IPFS_PATH.test(path)) zoneFeatures.add('cloud_hosting');

  const features: UrlFeature[] = [];
  for (const feature of ['short_url', 'dynamic_dns', 'free_hosting', 'cloud_hosting'] as const) {
    if (zoneFeatures.has(feature)) features.push(feature);
  }
  if (isOpenRedirect(parsed, entries, path, query)) features.push('open_redirect');
  if (!parsed.isIp && hasRandomSubdomain(parsed)) features.push('random_subdomain');
  if (parsed.isIp) features.push('ip_host');
  if (host.startsWith('xn--') || host.includes('.xn--')) features.push('punycode');
  if (rawPort !== undefined && rawPort !== null && !STANDARD_PORTS.has(rawPort)) {
    features.push('non_standard_port');
  }
  return features;
}
