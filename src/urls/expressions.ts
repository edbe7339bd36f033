/**
 * Safe Browsing lookup expressions (host suffix × path prefix) and their SHA-256 hashes, as described
 * in "Safe Browsing URL canonicalisation and hash prefixes" (shared/docs/DOMAIN.md).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { canonicalizeUrlParts } from './canonicalize.ts';

/** Hosts: the exact host plus up to 4 suffixes built from the last 5 labels (never the TLD alone). */
const MAX_HOST_LABELS = 5;
/** Paths: '/' and the directory prefixes made of the first 1..3 path components. */
const MAX_PATH_COMPONENTS = 4;

function lookupHosts(host: string, isIp: boolean): string[] {
  if (isIp) return [host];
  const labels = host.split('.');
  const hosts = [host];
  for (let i = Math.max(1, labels.length - MAX_HOST_LABELS); i < labels.length - 1; i++) {
    hosts.push(labels.slice(i).join('.'));
  }
  return hosts;
}

function lookupPaths(path: string, query: string | null): string[] {
  const paths: string[] = [];
  if (query) paths.push(`${path}?${query}`); // an empty query ("/q?") adds nothing, as in Google's client
  paths.push(path);
  const components = path.split('/').filter((c) => c !== '');
  for (let i = Math.min(components.length, MAX_PATH_COMPONENTS) - 1; i >= 1; i--) {
    paths.push(`/${components.slice(0, i).join('/')}/`);
  }
  paths.push('/');
  return [...new Set(paths)];
}

/**
 * All lookup expressions for a URL, most specific first: for each host (exact host, then shorter
 * suffixes) the path with query, without query, directory prefixes (longest first) and '/'.
 * The argument is canonicalised again (canonicalisation is idempotent), so a raw URL is also fine.
 */
export function lookupExpressions(canonicalUrl: string): string[] {
  const parts = canonicalizeUrlParts(canonicalUrl);
  const hosts = lookupHosts(parts.host, parts.hostKind !== 'domain');
  const paths = lookupPaths(parts.path, parts.query);
  const expressions: string[] = [];
  for (const host of hosts) for (const path of paths) expressions.push(host + path);
  return expressions;
}

export function sha256Hex(expression: string): string {
  return createHash('sha256').update(expression, 'utf8').digest('hex');
}

/** First `bytes` bytes of the SHA-256 of the expression, as lowercase hex (Safe Browsing uses 4). */
export function hashPrefix(expression: string, bytes = 4): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 32) {
    throw new AppError('request.invalid', 'Hash prefix length must be 1–32 bytes', { bytes });
  }
  return sha256Hex(expression).slice(0, bytes * 2);
}

export interface FullHash {
  expression: string;
  /** SHA-256 of the expression, 64 lowercase hex characters. */
  hash: string;
  /** First 4 bytes of `hash` (8 hex characters). */
  prefix: string;
}

export function fullHashes(canonicalUrl: string): FullHash[] {
  return lookupExpressions(canonicalUrl).map((expression) => {
    const hash = sha256Hex(expression);
    return { expression, hash, prefix: hash.slice(0, 8) };
  });
}
