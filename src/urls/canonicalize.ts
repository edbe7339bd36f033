/**
 * Google Safe Browsing URL canonicalisation (see "Safe Browsing URL canonicalisation and hash prefixes"
 * in shared/docs/DOMAIN.md). The canonical form is what we hash, deduplicate and store, so it must be
 * stable: canonicalizeUrl(canonicalizeUrl(x)) === canonicalizeUrl(x).
 *
 * Safe Browsing works on bytes, not on characters (its vectors contain raw 0x80 bytes and UTF-8
 * sequences). So after trimming, the input is turned into a "byte string": a JS string whose every
 * char code is one UTF-8 byte (0–255). All steps work on that; the final escape makes it ASCII again.
 *
 * Where the spec is silent we follow Google's reference client (github.com/google/safebrowsing,
 * urls.go), except that the query is kept (the published vectors keep it) and hex escapes are
 * uppercase (as the published documentation asks).
 */
import { isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { AppError } from '../errors.ts';

/** Inputs longer than this (in UTF-8 bytes) are rejected with `url.too_long`. */
export const MAX_URL_BYTES = 8192;

export type HostKind = 'domain' | 'ipv4' | 'ipv6';

export interface CanonicalParts {
  /** scheme://host/path[?query], fully canonical. */
  canonical: string;
  scheme: 'http' | 'https';
  /** Canonical host, escaped as in `canonical` (IPv6 literals keep their brackets). */
  host: string;
  hostKind: HostKind;
  /** Canonical path, always starting with '/'. */
  path: string;
  /** Query without its '?', escaped; null when the URL had no '?'. */
  query: string | null;
  /** The explicit port of the input (the canonical form drops it); null when absent or empty. */
  port: number | null;
}

const NON_ASCII = /[^\x00-\x7f]/;
// Anything outside printable ASCII, or '#' or '%': without these the input needs no trimming, fragment
// removal, byte conversion, unescaping or escaping (the common case, taken on a fast path).
const NEEDS_CLEANING = /[^\x21\x22\x24\x26-\x7e]/;
const HIGH_BYTE = /[\x80-\xff]/;
const TAB_CR_LF = /[\t\r\n]/g;
const TAB_CR_LF_TEST = /[\t\r\n]/;
const NEEDS_ESCAPE = /[\x00-\x20\x7f-\xff#%]/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
// "www.example.com:8080/" has no scheme: what follows the first ':' is a port.
const PORT_AFTER_COLON = /^\d+(?:[/?]|$)/;
const HOST_PORT = /:(\d*)$/;
// The Windows resolver accepts "10.192.95.89 xy" as 10.192.95.89 (kept from the reference client).
const WINDOWS_IP = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) /;
const HEX = '0123456789ABCDEF';
const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(message: string, input: string): AppError {
  return new AppError('url.invalid', message, { input: input.slice(0, 200) });
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** One pass of %XX decoding; returns the same string object when nothing was decoded. */
function unescapeOnce(s: string): string {
  let i = s.indexOf('%');
  if (i === -1) return s;
  let out = '';
  let last = 0;
  while (i !== -1) {
    const hi = hexValue(s.charCodeAt(i + 1));
    const lo = hi === -1 ? -1 : hexValue(s.charCodeAt(i + 2));
    if (lo === -1) {
      i = s.indexOf('%', i + 1);
      continue;
    }
    out += s.slice(last, i) + String.fromCharCode(hi * 16 + lo);
    last = i + 3;
    i = s.indexOf('%', last);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Decode until stable. Every pass that changes anything shortens the string, so this terminates. */
function unescapeFully(s: string): string {
  for (;;) {
    const next = unescapeOnce(s);
    if (next.length === s.length) return s;
    s = next;
  }
}

/** Escape bytes <= 0x20, >= 0x7f, '#' and '%' with uppercase hex; everything else stays. */
function escapeBytes(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x23 || c === 0x25) out += `%${HEX[c >> 4]}${HEX[c & 15]}`;
    else out += s[i];
  }
  return out;
}

function normaliseDots(host: string): string {
  if (host.includes('..')) host = host.replace(/\.{2,}/g, '.');
  if (host.startsWith('.')) host = host.slice(1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Parse one IPv4 part the way inet_aton does (0x… hex, 0… octal, else decimal); -1 if not a number. */
function ipPart(part: string): number {
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(part)) value = Number.parseInt(part.slice(2), 16);
  else if (/^0[0-7]*$/.test(part)) value = Number.parseInt(part, 8);
  else if (/^[1-9][0-9]*$/.test(part)) value = Number(part);
  else return -1;
  return value <= 0xffffffff ? value : -1;
}

/**
 * Any IPv4 form (decimal, octal, hex, 1–4 parts) to dotted decimal, or null when the host is not one.
 * Like the reference client, every part but the last is taken modulo 256 and the last one fills the
 * remaining bytes ("276.2.3" → "20.2.0.3").
 */
export function normaliseIpv4(host: string): string | null {
  if (host.length <= 15) {
    const m = WINDOWS_IP.exec(host);
    if (m) host = m[1]!;
  }
  const first = host.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return null;
  const parts = host.split('.');
  if (parts.length > 4) return null;
  const bytes: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const value = ipPart(parts[i]!);
    if (value < 0) return null;
    if (i < parts.length - 1) {
      bytes.push(value & 0xff);
    } else {
      const width = 5 - parts.length;
      for (let b = width - 1; b >= 0; b--) bytes.push(Math.floor(value / 2 ** (8 * b)) & 0xff);
    }
  }
  return bytes.join('.');
}

/** Lowercase A–Z only: bytes >= 0x80 of a non-UTF-8 host must stay as they are. */
function lowerAscii(host: string, ascii: boolean): string {
  if (!/[A-Z]/.test(host)) return host;
  return ascii || !HIGH_BYTE.test(host)
    ? host.toLowerCase()
    : host.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

interface HostResult {
  host: string;
  kind: HostKind;
  port: number | null;
}

function parsePort(digits: string, input: string): number | null {
  if (digits === '') return null;
  const port = Number(digits);
  if (port > 65535) throw invalid('Port out of range', input);
  return port;
}

/** Host part (bytes, already unescaped): drop userinfo and port, IDN → punycode, dots, IPv4, case. */
function canonicalHost(hostish: string, input: string, ascii: boolean): HostResult {
  let host = hostish;
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);

  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close === -1) throw invalid('Unterminated IPv6 literal', input);
    const inner = host.slice(1, close);
    const after = host.slice(close + 1);
    let port: number | null = null;
    if (after !== '') {
      if (!/^:\d*$/.test(after)) throw invalid('Garbage after IPv6 literal', input);
      port = parsePort(after.slice(1), input);
    }
    if (!isIPv6(inner)) throw invalid('Invalid IPv6 literal', input);
    return { host: `[${inner.toLowerCase()}]`, kind: 'ipv6', port };
  }

  let port: number | null = null;
  if (host.includes(':')) {
    const portMatch = HOST_PORT.exec(host);
    if (portMatch) {
      port = parsePort(portMatch[1]!, input);
      host = host.slice(0, portMatch.index);
    }
    // A second colon cannot be a port; keeping it would make the result re-parse differently.
    if (host.includes(':')) throw invalid('Invalid character ":" in host', input);
  }

  if (!ascii && HIGH_BYTE.test(host)) {
    let decoded: string | null = null;
    try {
      decoded = utf8.decode(Buffer.from(host, 'latin1'));
    } catch {
      // Not UTF-8 (e.g. a lone 0x80): Safe Browsing keeps such bytes and escapes them.
    }
    if (decoded !== null) {
      const ascii = domainToASCII(normaliseDots(decoded));
      if (ascii === '') throw invalid('Host cannot be converted to punycode', input);
      host = ascii;
    }
  }

  host = normaliseDots(host);
  if (host === '') throw invalid('Missing host', input);
  // Brackets only delimit IPv6 literals (handled above); "[" left in a name would re-parse as one.
  if (host.includes('[') || host.includes(']')) throw invalid('Invalid character "[" or "]" in host', input);
  const ip = normaliseIpv4(host);
  if (ip !== null) return { host: ip, kind: 'ipv4', port };
  return { host: lowerAscii(host, ascii), kind: 'domain', port };
}

/** Resolve "." and ".." segments and collapse runs of '/'; a trailing '/' (or "/." "/..") is kept. */
function canonicalPath(path: string): string {
  if (path === '') return '/';
  if (!path.includes('//') && !path.includes('/.')) return path;
  const segments = path.split('/');
  const last = segments.length - 1;
  const out: string[] = [];
  let trailingSlash = false;
  for (let i = 1; i <= last; i++) {
    const segment = segments[i]!;
    if (segment === '' || segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      if (i === last) trailingSlash = true;
      continue;
    }
    out.push(segment);
  }
  const joined = `/${out.join('/')}`;
  return trailingSlash && out.length > 0 ? `${joined}/` : joined;
}

/** Canonicalise and return the pieces, so callers need not re-parse the canonical string. */
export function canonicalizeUrlParts(input: string): CanonicalParts {
  if (typeof input !== 'string') throw new AppError('url.invalid', 'URL must be a string');
  if (input.length > MAX_URL_BYTES) {
    throw new AppError('url.too_long', `URL longer than ${MAX_URL_BYTES} bytes`, { length: input.length });
  }
  let s = input;
  const simple = !NEEDS_CLEANING.test(s);
  if (!simple) {
    // Fragment first (raw '#' only: an escaped %23 is data), then whitespace, then tab/CR/LF anywhere.
    const hash = s.indexOf('#');
    if (hash !== -1) s = s.slice(0, hash);
    s = s.trim();
    if (NON_ASCII.test(s)) {
      s = Buffer.from(s, 'utf8').toString('latin1');
      if (s.length > MAX_URL_BYTES) {
        throw new AppError('url.too_long', `URL longer than ${MAX_URL_BYTES} bytes`, { length: s.length });
      }
    }
    if (TAB_CR_LF_TEST.test(s)) s = s.replace(TAB_CR_LF, '');
    s = unescapeFully(s);
  }
  if (s === '') throw invalid('Empty URL', input);

  let scheme: 'http' | 'https' = 'http';
  let rest = s;
  if (s.startsWith('http://')) {
    rest = s.slice(7);
  } else if (s.startsWith('https://')) {
    scheme = 'https';
    rest = s.slice(8);
  } else {
    const schemeMatch = SCHEME.exec(s);
    if (schemeMatch && !PORT_AFTER_COLON.test(s.slice(schemeMatch[0].length))) {
      const name = schemeMatch[1]!.toLowerCase();
      if (name !== 'http' && name !== 'https') {
        throw new AppError('url.unsupported_scheme', `Unsupported URL scheme "${name.slice(0, 32)}"`, {
          scheme: name.slice(0, 32),
        });
      }
      scheme = name as 'http' | 'https';
      rest = s.slice(schemeMatch[0].length);
      if (!rest.startsWith('//')) throw invalid('Expected "//" after the scheme', input);
      rest = rest.slice(2);
    } else if (rest.startsWith('//')) {
      rest = rest.slice(2); // protocol-relative ("//host/path"): assume http like any scheme-less input
    }
  }

  let query: string | null = null;
  const q = rest.indexOf('?');
  if (q !== -1) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  const hostish = slash === -1 ? rest : rest.slice(0, slash);
  if (hostish === '') throw invalid('Missing host', input);
  const host = canonicalHost(hostish, input, simple);
  const path = canonicalPath(slash === -1 ? '' : rest.slice(slash));

  // On the fast path nothing can need escaping (no byte <= 0x20 or >= 0x7f, no '#', no '%').
  const escapedHost = simple ? host.host : escapeBytes(host.host);
  const escapedPath = simple ? path : escapeBytes(path);
  const escapedQuery = query === null || simple ? query : escapeBytes(query);
  const canonical = `${scheme}://${escapedHost}${escapedPath}${escapedQuery === null ? '' : `?${escapedQuery}`}`;
  return {
    canonical,
    scheme,
    host: escapedHost,
    hostKind: host.kind,
    path: escapedPath,
    query: escapedQuery,
    port: host.port,
  };
}

/**
 * Safe Browsing canonical form of `input`. Throws AppError `url.invalid` (no host, bad IPv6, …),
 * `url.unsupported_scheme` (anything but http/https, e.g. mailto:, hxxp:) or `url.too_long` (> 8 KiB).
 */
export function canonicalizeUrl(input: string): string {
  return canonicalizeUrlParts(input).canonical;
}
