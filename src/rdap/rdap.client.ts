import net from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { SafeResponse } from '../fetch/safe-fetcher.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import { type BootstrapFile, domainServer, ipServer } from './bootstrap.ts';
import {
  parseDomain,
  parseIp,
  type RdapDomainResult,
  type RdapIpResult,
  type RdapResult,
} from './rdap.parse.ts';

export const RDAP_TTL_MS = 24 * 3_600_000;
export const RDAP_NOT_FOUND_TTL_MS = 3_600_000;
const TIMEOUT_MS = 15_000;
const MAX_BYTES = 2 * 1_048_576;

type Cached<T> = { result: T | null; fetchedAt: number; cached: boolean };

/**
 * RDAP look-ups (RFC 9082/9083) for takedown contacts: the domain's registrar and the IP network's
 * abuse contact. Servers come from the IANA bootstrap (or one base URL, for tests and private mirrors);
 * answers, including "not found", are cached in rdap_cache with a TTL.
 */
export function createRdapClient(deps: {
  db: Db;
  config: Config['rdap'];
  clock: Clock;
  log: Logger;
  ttlMs?: number;
  /** The one outbound guard (every hop of a redirect vetted). */
  outbound: Pick<Outbound, 'fetch'>;
}) {
  const { db, config, clock, log } = deps;
  const ttlMs = deps.ttlMs ?? RDAP_TTL_MS;
  const bootstraps = new Map<string, { file: BootstrapFile; until: number }>();

  async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
    let res: SafeResponse;
    try {
      res = await deps.outbound.fetch(url, {
        headers: { accept: 'application/rdap+json, application/json', 'user-agent': 'phishdesk-rdap/1' },
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_BYTES + 1,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'outbound.disabled') throw err;
      throw new AppError('rdap.failed', `RDAP request failed: ${(err as Error).message}`, { url });
    }
    if (res.status === 404) return { status: 404, body: null };
    if (res.status < 200 || res.status > 299)
      throw new AppError('rdap.failed', `RDAP server answered ${res.status}`, { url });
    if (res.truncated || res.body.length > MAX_BYTES)
      throw new AppError('rdap.failed', 'RDAP answer too large', { url });
    const text = res.body.toString('utf8');
    try {
      const body = JSON.parse(text) as unknown;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
      return { status: res.status, body: body as Record<string, unknown> };
    } catch {
      throw new AppError('rdap.failed', 'RDAP answer is not JSON', { url });
    }
  }

  async function bootstrap(name: 'dns' | 'ipv4' | 'ipv6'): Promise<BootstrapFile> {
    const hit = bootstraps.get(name);
    if (hit && hit.until > clock.now()) return hit.file;
    const base = config.bootstrapUrl.endsWith('/') ? config.bootstrapUrl : `${config.bootstrapUrl}/`;
    const { body } = await getJson(`${base}${name}.json`);
    if (!body || !Array.isArray(body.services))
      throw new AppError('rdap.failed', `bad bootstrap file ${name}.json`);
    const file = body as unknown as BootstrapFile;
    bootstraps.set(name, { file, until: clock.now() + RDAP_TTL_MS });
    return file;
  }

  async function serverFor(kind: 'domain' | 'ip', query: string): Promise<string | null> {
    if (config.baseUrl) return config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`;
    if (kind === 'domain') return domainServer(await bootstrap('dns'), query);
    return ipServer(await bootstrap(net.isIPv4(query) ? 'ipv4' : 'ipv6'), query);
  }

  async function lookup<T extends RdapResult>(kind: 'domain' | 'ip', query: string): Promise<Cached<T>> {
    const key = `${kind}:${query}`;
    const now = clock.now();
    const row = await db.kysely
      .selectFrom('rdap_cache')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    if (row && row.expires_at > now) {
      return {
        result: row.found ? (JSON.parse(row.result) as T) : null,
        fetchedAt: row.fetched_at,
        cached: true,
      };
    }
    const server = await serverFor(kind, query);
    if (!server) throw new AppError('rdap.failed', `no RDAP server is known for ${query}`);
    const { body } = await getJson(`${server}${kind}/${encodeURIComponent(query)}`);
    const result = body
      ? ((kind === 'domain' ? parseDomain(query, server, body) : parseIp(query, server, body)) as T)
      : null;
    const values = {
      fetched_at: now,
      expires_at: now + (result ? ttlMs : RDAP_NOT_FOUND_TTL_MS),
      found: result ? 1 : 0,
      result: JSON.stringify(result),
    };
    await db.kysely
      .insertInto('rdap_cache')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
    log.info({ key, found: result !== null }, 'rdap look-up');
    return { result, fetchedAt: now, cached: false };
  }

  /** What the cache holds, expired or not, without asking any server (reads for pages). */
  async function stored<T extends RdapResult>(kind: 'domain' | 'ip', query: string) {
    const row = await db.kysely
      .selectFrom('rdap_cache')
      .selectAll()
      .where('key', '=', `${kind}:${query}`)
      .executeTakeFirst();
    if (!row) return null;
    return {
      result: row.found ? (JSON.parse(row.result) as T) : null,
      fetchedAt: row.fetched_at,
      expired: row.expires_at <= clock.now(),
    };
  }

  return {
    domain: (name: string) => lookup<RdapDomainResult>('domain', name.toLowerCase()),
    ip: (address: string) => lookup<RdapIpResult>('ip', address),
    storedDomain: (name: string) => stored<RdapDomainResult>('domain', name.toLowerCase()),
    storedIp: (address: string) => stored<RdapIpResult>('ip', address),
  };
}

export type RdapClient = ReturnType<typeof createRdapClient>;
