import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Tlp } from '../lib/tlp.ts';

/**
 * Who is making a request. The authentication hook (src/accounts/auth.hook.ts) sets
 * `request.principal` from a session cookie or an API key before any route runs; routes never read
 * cookies or headers themselves, they call the guards below.
 */
export const ROLES = ['admin', 'analyst', 'brand', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export type Principal = {
  kind: 'session' | 'api-key';
  userId: number;
  /** Set when the request came with an API key. */
  apiKeyId: number | null;
  role: Role;
  displayName: string;
  /** The brand organisation of a `brand` user (null for other roles). */
  organisationId: number | null;
  /** Brand ids a `brand` user may see (empty for other roles, who are not brand-scoped). */
  brandIds: readonly number[];
  /** Highest TLP this principal may receive: admins/analysts 'red', partners their key's clearance. */
  tlpClearance: Tlp;
};

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * Requests that came with a valid session cookie but without the matching `x-csrf-token` on a write: the
 * hook leaves them anonymous (so public forms keep working for signed-in staff) and marks them here, so a
 * route that needs a principal answers 403 `auth.csrf` rather than 401.
 */
const csrfRejected = new WeakSet<FastifyRequest>();

export function markCsrfRejected(request: FastifyRequest): void {
  csrfRejected.add(request);
}

export function isCsrfRejected(request: FastifyRequest): boolean {
  return csrfRejected.has(request);
}

/**
 * The principal, or 401 `auth.required` (403 `auth.csrf` for a cookie write without its CSRF token);
 * 403 `auth.forbidden` when its role is not in `roles`.
 */
export function requirePrincipal(request: FastifyRequest, roles: readonly Role[] = ROLES): Principal {
  const principal = request.principal;
  if (!principal) {
    if (csrfRejected.has(request))
      throw new AppError('auth.csrf', 'missing or wrong x-csrf-token header for a signed-in write');
    throw new AppError('auth.required', 'sign in or send an API key');
  }
  if (!roles.includes(principal.role))
    throw new AppError('auth.forbidden', `this needs one of the roles: ${roles.join(', ')}`);
  return principal;
}

/** Staff (admin, analyst) see everything; brand users only their brands; partners no brand data. */
export function isStaff(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'analyst';
}

/**
 * The brand ids a query must be restricted to: null means "no restriction" (staff), an array (possibly
 * empty) means only those brands. Every brand-scoped read goes through this.
 */
export function brandScope(principal: Principal): readonly number[] | null {
  if (isStaff(principal)) return null;
  if (principal.role === 'brand') return principal.brandIds;
  return [];
}

/** 403 unless the principal may see data of `brandId` (null brand: staff only). */
export function assertBrandVisible(principal: Principal, brandId: number | null): void {
  const scope = brandScope(principal);
  if (scope === null) return;
  if (brandId !== null && scope.includes(brandId)) return;
  // not_found rather than forbidden: another organisation's data must not even be confirmed to exist.
  throw new AppError('not_found', 'no such item');
}
