import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { isCrossOrigin } from '../http/cross-origin.ts';
import type { AccountsService } from './accounts.service.ts';
import { API_KEY_PREFIX, type ResolvedSession, SESSION_TTL_MS } from './credentials.ts';
import { markCsrfRejected } from './principal.ts';

export const SESSION_COOKIE = 'pd_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cookie header as a map; malformed pairs are skipped (first occurrence of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      // not percent-encoded properly: not one of ours
    }
  }
  return out;
}

const sessions = new WeakMap<FastifyRequest, ResolvedSession & { token: string }>();

/** The session behind a cookie-authenticated request (its CSRF token, expiry, user), or null. */
export function sessionOf(request: FastifyRequest): (ResolvedSession & { token: string }) | null {
  return sessions.get(request) ?? null;
}

/**
 * The session token the request's cookie names, whether or not it came with its CSRF token: sign-in revokes
 * it, since a sign-in form has no CSRF token to send and the old session must not live on beside the new.
 */
export function sessionCookieToken(request: FastifyRequest): string | null {
  return parseCookies(request.headers.cookie).get(SESSION_COOKIE) ?? null;
}

export type CookieOptions = { secure: boolean };

export function setSessionCookie(reply: FastifyReply, token: string, options: CookieOptions): void {
  const attrs = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`,
  ];
  if (options.secure) attrs.push('Secure');
  reply.header('set-cookie', attrs.join('; '));
}

export function clearSessionCookie(reply: FastifyReply, options: CookieOptions): void {
  const attrs = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (options.secure) attrs.push('Secure');
  reply.header('set-cookie', attrs.join('; '));
}

/**
 * Sets `request.principal` before any route runs: from `Authorization: Bearer pdk_…` (an unknown or
 * revoked key is refused with 401 `auth.invalid_key`), else from the `pd_session` cookie. A cookie write
 * (anything but GET/HEAD/OPTIONS) also needs `x-csrf-token` equal to the session's token; without it the
 * request goes on anonymous and routes that need a principal answer 403 `auth.csrf`. API keys need no
 * CSRF token: browsers never send them on their own. A cookie write from another origin (see
 * isCrossOrigin) is refused the same way even with the right token: defence in depth.
 */
export function registerAuth(
  app: FastifyInstance,
  accounts: AccountsService,
  options: { trustedOrigins?: readonly string[] } = {},
): void {
  const trusted = options.trustedOrigins ?? [];
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    const authorization = request.headers.authorization;
    if (authorization) {
      const key = apiKeyFrom(authorization);
      if (key?.startsWith(API_KEY_PREFIX)) {
        const principal = await accounts.resolveApiKey(key);
        if (!principal) throw new AppError('auth.invalid_key', 'unknown or revoked API key');
        request.principal = principal;
        return;
      }
      // Basic credentials that are not a key may belong to a proxy in front of us: not ours, ignored. So
      // is another bearer on a route that checks its own (config.foreignBearer: /metrics).
      if (/^Bearer\s/i.test(authorization) && !request.routeOptions.config.foreignBearer)
        throw new AppError(
          'auth.invalid_key',
          'expected Authorization: Bearer pdk_… (or Basic with the key as password)',
        );
    }
    const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!token) return;
    const session = await accounts.resolveSession(token);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (
        typeof sent !== 'string' ||
        !safeEqual(sent, session.csrfToken) ||
        isCrossOrigin(request, trusted)
      ) {
        markCsrfRejected(request);
        return;
      }
    }
    sessions.set(request, { ...session, token });
    request.principal = session.principal;
  });
}

/**
 * The API key of an Authorization header: `Bearer pdk_…`, or HTTP Basic with the key as the password
 * (TAXII 2.1 clients speak Basic; the user name is ignored).
 */
export function apiKeyFrom(authorization: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
