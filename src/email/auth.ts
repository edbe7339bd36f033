import { decodeRaw, type RawHeader } from './headers.ts';
import type { AuthVerdict, DmarcPolicy, EmailAuth } from './types.ts';

/**
 * Authentication-Results (RFC 8601) as the receiving MTA wrote them. Anyone can put such headers
 * into a message before sending it, so only the topmost group counts: the topmost header plus the
 * headers right below it with the same authserv-id (ProtonMail writes one header per method), up
 * to the next Received line. ARC-Authentication-Results and Received-SPF only fill methods that
 * group does not mention.
 */

export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
  /** The result's text with comments, where `(p=REJECT sp=REJECT dis=NONE)` lives. */
  raw: string;
}

const METHODS = new Set([
  'spf',
  'dkim',
  'dmarc',
  'arc',
  'iprev',
  'auth',
  'bimi',
  'compauth',
  'dkim-atps',
  'sender-id',
  'domainkeys',
  'smime',
  'vbr',
  'rrvs',
]);
export const VERDICTS = new Set<string>([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'bestguesspass',
]);

/** Replaces comments (nested, with quoted-pairs) by spaces so offsets stay valid. */
function maskComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (depth > 0 || quoted)) {
      out += depth > 0 ? '  ' : value.slice(i, i + 2);
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      out += c;
    } else if (c === '(') {
      depth++;
      out += ' ';
    } else if (c === ')' && depth > 0) {
      depth--;
      out += ' ';
    } else if (depth > 0) out += ' ';
    else {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

export function parseAuthResults(header: string): { authservId: string | null; results: AuthResult[] } {
  const value = decodeRaw(header);
  let masked = maskComments(value);
  let offset = 0;
  const arcInstance = masked.match(/^\s*i\s*=\s*\d+\s*;/i); // ARC-Authentication-Results prefix
  if (arcInstance) {
    offset = arcInstance[0].length;
    masked = masked.slice(offset);
  }
  const head = masked.split(';', 1)[0]!.trim();
  // Microsoft omits the authserv-id and starts with "spf=..." right away.
  const authservId =
    head === '' || /^[a-z0-9_-]+\s*=/i.test(head) ? null : head.split(/\s+/)[0]!.toLowerCase();
  const starts: { index: number; method: string; result: string }[] = [];
  for (const m of masked.matchAll(/(^|[\s;])([a-z][a-z0-9-]*)[ \t]*=[ \t]*([a-z0-9_-]+)/gi)) {
    const method = m[2]!.toLowerCase();
    if (METHODS.has(method))
      starts.push({ index: m.index + m[1]!.length, method, result: m[3]!.toLowerCase() });
  }
  const results = starts.map((start, i) => {
    const end = starts[i + 1]?.index ?? masked.length;
    const region = masked.slice(start.index, end);
    const props: Record<string, string> = {};
    for (const p of region.matchAll(
      /(?:^|[\s;])([a-z0-9_-]+\.[a-z0-9_.-]+)[ \t]*=[ \t]*("?)([^\s";]*)\2/gi,
    )) {
      const key = p[1]!.toLowerCase();
      if (!(key in props)) props[key] = p[3]!;
    }
    return {
      method: start.method,
      result: start.result,
      props,
      raw: value.slice(offset + start.index, offset + end),
    };
  });
  return { authservId, results };
}

function verdict(result: string | undefined): AuthVerdict | null {
  if (!result) return null;
  const v = result.toLowerCase() === 'hardfail' ? 'fail' : result.toLowerCase();
  return VERDICTS.has(v) ? (v as AuthVerdict) : null;
}

function policyOf(result: AuthResult): DmarcPolicy | null {
  const published = result.props['policy.published-domain-policy']?.toLowerCase();
  const p = published ?? result.raw.match(/(?:^|[\s(;])p=(reject|quarantine|none)\b/i)?.[1]?.toLowerCase();
  return p === 'reject' || p === 'quarantine' || p === 'none' ? p : null;
}

function domainOf(value: string | undefined): string | null {
  if (!value) return null;
  const domain = value
    .replace(/^.*@/, '')
    .replace(/[>.]+$/, '')
    .toLowerCase();
  return domain === '' || domain === 'none' ? null : domain;
}

function aligned(dkimDomain: string | null, fromDomain: string | null): boolean {
  if (!dkimDomain || !fromDomain) return false;
  return (
    dkimDomain === fromDomain ||
    fromDomain.endsWith(`.${dkimDomain}`) ||
    dkimDomain.endsWith(`.${fromDomain}`)
  );
}

/** The topmost Authentication-Results group, see the module comment. */
function receiverResults(headers: RawHeader[]): AuthResult[] {
  const top = headers.findIndex((h) => h.key === 'authentication-results');
  if (top < 0) return [];
  const parsed = parseAuthResults(headers[top]!.value);
  const results = [...parsed.results];
  for (let i = top + 1; i < headers.length; i++) {
    const h = headers[i]!;
    if (h.key === 'received') break;
    if (h.key !== 'authentication-results') continue;
    const next = parseAuthResults(h.value);
    if (next.authservId === parsed.authservId) results.push(...next.results);
  }
  return results;
}

/** The ARC-Authentication-Results with the highest instance number (the last ARC hop). */
function arcResults(headers: RawHeader[]): AuthResult[] {
  let bestInstance = -1;
  let best: AuthResult[] = [];
  for (const h of headers) {
    if (h.key !== 'arc-authentication-results') continue;
    const instance = Number(h.value.match(/^\s*i\s*=\s*(\d+)/i)?.[1] ?? 0);
    if (instance > bestInstance) {
      bestInstance = instance;
      best = parseAuthResults(h.value).results;
    }
  }
  return best;
}

export function parseAuth(headers: RawHeader[]): EmailAuth {
  const sources = [receiverResults(headers), arcResults(headers)];
  const pick = (method: string) => {
    for (const results of sources) {
      const found = results.filter((r) => r.method === method && verdict(r.result));
      if (found.length) return { found, results };
    }
    return null;
  };
  const dmarc = pick('dmarc');
  const dmarcResult = dmarc?.found[0];
  const fromDomain =
    domainOf(dmarcResult?.props['header.from']) ??
    domainOf(sources[0]!.find((r) => r.props['header.from'])?.props['header.from']);
  const dkim = pick('dkim');
  const dkimResult =
    dkim?.found.find((r) => aligned(domainOf(r.props['header.d'] ?? r.props['header.i']), fromDomain)) ??
    dkim?.found[0];
  let spf = verdict(pick('spf')?.found[0]?.result);
  if (!spf) {
    const receivedSpf = headers.find((h) => h.key === 'received-spf')?.value;
    spf = verdict(receivedSpf?.trim().split(/[\s(;]/, 1)[0]);
  }
  return {
    spf,
    dkim: verdict(dkimResult?.result),
    dmarc: verdict(dmarcResult?.result),
    fromDomain,
    dmarcPolicy: dmarcResult ? policyOf(dmarcResult) : null,
  };
}
