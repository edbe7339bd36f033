/**
 * One call that turns a raw URL into everything the rest of phishdesk needs: canonical form, host
 * breakdown and features. Hot path (every imported URL goes through it): one canonicalisation pass,
 * one PSL lookup, no re-parsing.
 */
import { canonicalizeUrlParts } from './canonicalize.ts';
import { parseHost } from './domain.ts';
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
  features: UrlFeature[];
}

/** Throws AppError (url.invalid, url.unsupported_scheme, url.too_long) for input that is not a URL. */
export function analyzeUrl(input: string): UrlAnalysis {
  const parts = canonicalizeUrlParts(input);
  const parsed = parseHost(parts.host);
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
    features: urlFeatures(parts.canonical, parsed, parts.port),
  };
}
