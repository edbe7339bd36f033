/**
 * One call that turns a raw URL into everything the rest of phishdesk needs: canonical form, host
 * breakdown and features. Hot path (every imported URL goes through it): one canonicalisation pass,
 * one PSL lookup, no re-parsing.
 */
import { AppError } from '../errors.ts';
import { canonicalizeUrlParts } from './canonicalize.ts';
import { refang } from './defang.ts';
import { parseAsciiHost } from './domain.ts';
import { type UrlFeature, urlFeatures } from './features.ts';

export interface UrlAnalysis {
  /** The input exactly as given. */
  input: string;
  canonical: string;
  scheme: 'http' | 'https';
  /** Canonical ASCII host (punycode; IPv6 in brackets). */
  host: string;
  unicodeHost: string;
  registrableDomain: string | null;
  publicSuffix: string | null;
  tld: string | null;
  isIp: boolean;
  /** Path and query of the canonical URL ("/a/b?c=d"). */
  path: string;
  /** The explicit port, when it is not the scheme's default (kept for visits; not in `canonical`). */
  port: number | null;
  features: UrlFeature[];
}

/**
 * Safe Browsing canonicalisation keeps any host it is given; a reported phishing URL must name a host
 * that DNS could resolve: at least two labels of letters, digits, '-' or '_' (seen in real phishing
 * hosts), each 1–63 characters, and a top label that is not all digits.
 */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9_-]{1,63}\.)+(?!\d+$)[a-z0-9-]{1,63}$/;

const DEFANGED = /^\s*h[x*]{2}ps?|\[(\.|dot|:)\]|\((\.|dot)\)|\{\.\}/i;

/** Throws AppError (url.invalid, url.unsupported_scheme, url.too_long) for input that is not a URL. */
export function analyzeUrl(input: string): UrlAnalysis {
  // People and partners pass URLs on defanged (hxxps://example[.]com); undo that first.
  const parts = canonicalizeUrlParts(DEFANGED.test(input) ? refang(input) : input);
  if (parts.hostKind === 'domain' && !DOMAIN_NAME.test(parts.host)) {
    throw new AppError('url.invalid', `"${parts.host.slice(0, 80)}" is not a domain name or IP address`);
  }
  const parsed = parseAsciiHost(parts.host);
  return {
    input,
    canonical: parts.canonical,
    scheme: parts.scheme,
    host: parts.host,
    unicodeHost: parsed.unicodeHost,
    registrableDomain: parsed.registrableDomain,
    publicSuffix: parsed.publicSuffix,
    tld: parsed.tld,
    isIp: parsed.isIp || parts.hostKind !== 'domain',
    path: parts.query === null ? parts.path : `${parts.path}?${parts.query}`,
    port: visitPort(parts.scheme, parts.port),
    features: urlFeatures(parts.canonical, parsed, parts.port),
  };
}

function visitPort(scheme: 'http' | 'https', port: number | null): number | null {
  if (port === null || port === 0) return null;
  return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? null : port;
}

/**
 * The URL to visit (check, capture, take down): the canonical URL with its reported port put back.
 * Look-ups and hashes keep using the canonical form.
 */
export function visitUrl(canonical: string, port: number | null | undefined): string {
  if (port === null || port === undefined) return canonical;
  const hostStart = canonical.indexOf('://') + 3;
  const pathStart = canonical.indexOf('/', hostStart);
  const end = pathStart === -1 ? canonical.length : pathStart;
  return `${canonical.slice(0, end)}:${port}${canonical.slice(end)}`;
}
