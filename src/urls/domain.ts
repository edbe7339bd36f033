/**
 * Host → registrable domain / public suffix, using the Public Suffix List through tldts.
 *
 * allowPrivateDomains is on on purpose: with it, blogspot.com, workers.dev, github.io, web.app… count
 * as public suffixes, so `evil-login.workers.dev` has the registrable domain `evil-login.workers.dev`,
 * not `workers.dev`. A throwaway subdomain of a shared hosting suffix IS the registrant's unit: it is
 * what one abuser controls, what the hosting provider takes down, and what must not be merged with
 * every other customer of that provider when we count or block "domains".
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';

export interface ParsedHost {
  /** ASCII (punycode) lowercase host; IPv6 literals keep their brackets. */
  host: string;
  /** eTLD+1 under the PSL including private suffixes; null for IPs and bare suffixes. */
  registrableDomain: string | null;
  /**
   * Public suffix by the PSL algorithm (a host under an unlisted TLD gets that TLD through the
   * implicit "*" rule; see isKnownPublicSuffix to tell listed from unlisted). Null for IPs.
   */
  publicSuffix: string | null;
  /** Last label of the host ("jp" for "a.co.jp"); null for IPs. */
  tld: string | null;
  isIp: boolean;
  /** The host for display: punycode labels decoded to Unicode. */
  unicodeHost: string;
}

const TLDTS_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false, // we always pass a bare host, never a URL
  mixedInputs: false,
  validateHostname: false, // canonical hosts may hold escaped bytes; still split them by the PSL
  detectIp: true,
} as const;

function toAsciiHost(host: string): string {
  let h = host.trim();
  if (/[^\x00-\x7f]/.test(h)) h = domainToASCII(h) || h;
  h = h.toLowerCase();
  return h.endsWith('.') && h.length > 1 ? h.slice(0, -1) : h;
}

export function parseHost(host: string): ParsedHost {
  return parseAsciiHost(toAsciiHost(host));
}

/** parseHost for a host that is already canonical (lowercase ASCII, no trailing dot): the hot path. */
export function parseAsciiHost(ascii: string): ParsedHost {
  const result = parse(ascii, TLDTS_OPTIONS);
  if (result.isIp) {
    return {
      host: ascii,
      registrableDomain: null,
      publicSuffix: null,
      tld: null,
      isIp: true,
      unicodeHost: ascii,
    };
  }
  const dot = ascii.lastIndexOf('.');
  return {
    host: ascii,
    registrableDomain: result.domain,
    publicSuffix: result.publicSuffix || null,
    tld: ascii === '' ? null : ascii.slice(dot + 1),
    isIp: false,
    unicodeHost: ascii.includes('xn--') ? domainToUnicode(ascii) || ascii : ascii,
  };
}

/** True when the host's public suffix is actually listed in the PSL (ICANN or private section). */
export function isKnownPublicSuffix(host: string): boolean {
  const result = parse(toAsciiHost(host), TLDTS_OPTIONS);
  return result.isIcann === true || result.isPrivate === true;
}
