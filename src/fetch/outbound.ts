/**
 * The one outbound guard: every request phishdesk makes (captures, liveness, feeds, TAXII/MISP, RDAP,
 * webhooks of every kind) goes through this object, built once in the context as `ctx.outbound`. It is
 * the safe fetcher (resolve here, vet every address, connect to the vetted address, vet every redirect),
 * switched off until OUTBOUND_ENABLED=true, optionally through an egress proxy.
 */
import net from 'node:net';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { checkAddress, legacyIpv4 } from './ip-guard.ts';
import { createSafeFetcher, type Resolver, type SafeFetcher } from './safe-fetcher.ts';

export type Outbound = SafeFetcher & {
  /** What the console home and /healthz show. */
  status(): OutboundStatus;
};

export type OutboundStatus = { enabled: boolean; proxy: boolean; loopbackAllowed: boolean };

export function createOutbound(options: { config: Config['fetch']; resolve?: Resolver }): Outbound {
  const fetcher = createSafeFetcher({
    config: options.config,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return {
    ...fetcher,
    status: () => ({
      enabled: fetcher.enabled,
      proxy: fetcher.proxy !== null,
      loopbackAllowed: fetcher.allowPrivate,
    }),
  };
}

/**
 * The check a target gets when it is registered (a webhook URL), without resolving anything: http(s)
 * only, no credentials in it, and a literal address (in any numeric form) must be public. Names are
 * vetted again, resolved, on every delivery.
 */
export function assertPublicTarget(input: string, allowLoopback = false): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new AppError('fetch.blocked', 'not a URL', { reason: 'invalid_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('fetch.blocked', `scheme ${url.protocol} is not allowed`, { reason: 'scheme' });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = net.isIP(host) ? host : legacyIpv4(host);
  if (literal) {
    const verdict = checkAddress(literal);
    const loopback = allowLoopback && (literal.startsWith('127.') || literal === '::1');
    if (!verdict.allowed && !loopback) {
      throw new AppError('fetch.blocked', `refused ${host}: ${verdict.reason}`, { reason: 'address', host });
    }
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!allowLoopback)
      throw new AppError('fetch.blocked', `refused ${host}: loopback`, { reason: 'address' });
  }
  return url;
}
