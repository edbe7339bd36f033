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

const SHORT_URLS = new Set(SHORT_URL_HOSTS);
const DYNAMIC_DNS = new Set(DYNAMIC_DNS_ZONES);
const FREE_HOSTING = new Set(FREE_HOSTING_ZONES);
const CLOUD_HOSTING = new Set(CLOUD_HOSTING_ZONES);
const REDIRECT_PARAM_NAMES = new Set(REDIRECT_PARAMS);

/** True when host is one of the zones or a subdomain of one. */
export function inZone(host: string, zones: ReadonlySet<string>): boolean {
  if (zones.has(host)) return true;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    if (zones.has(host.slice(dot + 1))) return true;
  }
  return false;
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

function isOpenRedirect(parsed: ParsedHost, path: string, query: string): boolean {
  const host = parsed.host;
  // Google Translate's proxy serves any site as <site-with-dashes>.translate.goog.
  if (host.endsWith('.translate.goog')) return true;
  if (GOOGLE_HOST.test(host) && GOOGLE_REDIRECT_PATHS.some((p) => path.startsWith(p))) return true;
  for (const [zone, prefix] of REDIRECTOR_ROUTES) {
    if ((host === zone || host.endsWith(`.${zone}`)) && path.startsWith(prefix)) return true;
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

const VOWELS = new Set([...'aeiouy']);

function letterDigitTransitions(token: string): number {
  let transitions = 0;
  for (let i = 1; i < token.length; i++) {
    const a = token.charCodeAt(i - 1) <= 57;
    const b = token.charCodeAt(i) <= 57;
    if (a !== b) transitions++;
  }
  return transitions;
}

function longestConsonantRun(token: string): number {
  let best = 0;
  let run = 0;
  for (const ch of token) {
    if (ch >= 'a' && ch <= 'z' && !VOWELS.has(ch)) {
      run++;
      if (run > best) best = run;
    } else {
      run = 0;
    }
  }
  return best;
}

function vowelRatio(token: string): number {
  let vowels = 0;
  for (const ch of token) if (VOWELS.has(ch)) vowels++;
  return vowels / token.length;
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
  if (label.length >= 16 && /^[0-9a-f]+$/.test(label) && /\d/.test(label) && /[a-f]/.test(label)) return true;
  if (/^[a-z]{3,}-[a-z]{3,}-[0-9a-f]{4}$/.test(label) && !/-(?:19|20)\d\d$/.test(label)) return true;
  const generated = /^[a-z]{3,}-([a-z0-9]{4})-([a-z0-9]{4})$/.exec(label);
  if (generated && generated.slice(1).some((t) => /\d/.test(t!) && /[a-z]/.test(t!))) return true;
  for (const token of label.split('-')) {
    if (token.length < 8) continue;
    const hasDigit = /\d/.test(token);
    const hasLetter = /[a-z]/.test(token);
    if (hasDigit && hasLetter && (letterDigitTransitions(token) >= 3 || token.length >= 20)) return true;
    if (hasLetter && longestConsonantRun(token) >= 6) return true;
    if (!hasDigit && token.length >= 12 && vowelRatio(token) < 0.2) return true;
  }
  return false;
}

function hasRandomSubdomain(parsed: ParsedHost): boolean {
  const registrable = parsed.registrableDomain;
  if (registrable === null || parsed.host.length <= registrable.length) return false;
  const subdomain = parsed.host.slice(0, parsed.host.length - registrable.length - 1);
  return subdomain.split('.').some(looksRandomLabel);
}

/**
 * Features of a canonical URL. `rawPort` is the explicit port of the original input (the canonical
 * form drops ports; canonicalizeUrlParts returns it): any port other than 80/443 is non-standard.
 */
export function urlFeatures(canonical: string, parsed: ParsedHost, rawPort?: number | null): UrlFeature[] {
  const features: UrlFeature[] = [];
  const host = parsed.host;
  const { path, query } = splitCanonical(canonical);
  if (!parsed.isIp) {
    if (inZone(host, SHORT_URLS)) features.push('short_url');
    if (inZone(host, DYNAMIC_DNS)) features.push('dynamic_dns');
    if (inZone(host, FREE_HOSTING)) features.push('free_hosting');
  }
  if (
    (!parsed.isIp && (inZone(host, CLOUD_HOSTING) || CLOUD_HOSTING_PATTERNS.some((p) => p.test(host)))) ||
    IPFS_PATH.test(path)
  ) {
    features.push('cloud_hosting');
  }
  if (isOpenRedirect(parsed, path, query)) features.push('open_redirect');
  if (!parsed.isIp && hasRandomSubdomain(parsed)) features.push('random_subdomain');
  if (parsed.isIp) features.push('ip_host');
  if (host.startsWith('xn--') || host.includes('.xn--')) features.push('punycode');
  if (rawPort !== undefined && rawPort !== null && !STANDARD_PORTS.has(rawPort)) {
    features.push('non_standard_port');
  }
  return features;
}
