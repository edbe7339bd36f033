import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../src/accounts/principal.ts';
import type { AppContext } from '../src/context.ts';
import type { Tlp } from '../src/lib/tlp.ts';

const unique = () => randomBytes(6).toString('hex');

/** Password of every user signIn creates (for tests that log in again themselves). */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Creates a user with `role` (a `brand` user gets a new brand organisation holding `brandIds`) and signs
 * in through the real POST /api/v1/auth/login. `headers` carry the session cookie and the CSRF token:
 * spread them into `app.inject({ headers })` for reads and writes alike.
 */
export async function signIn(
  app: FastifyInstance,
  ctx: Pick<AppContext, 'accounts'>,
  options: { role: Role; brandIds?: number[]; email?: string; displayName?: string },
): Promise<{ userId: number; organisationId: number | null; headers: Record<string, string> }> {
  const tag = unique();
  let organisationId: number | null = null;
  if (options.role === 'brand' || options.role === 'partner') {
    const org = await ctx.accounts.createOrganisation({
      name: `test ${options.role} org ${tag}`,
      kind: options.role,
      brandIds: options.role === 'brand' ? (options.brandIds ?? []) : [],
    });
    organisationId = org.id;
  }
  const email = options.email ?? `${options.role}-${tag}@example.test`;
  const user = await ctx.accounts.createUser({
    email,
    displayName: options.displayName ?? `Test ${options.role} ${tag}`,
    role: options.role,
    password: TEST_PASSWORD,
    organisationId,
  });
  const headers = await logIn(app, email, TEST_PASSWORD);
  return { userId: user.id, organisationId, headers };
}

/** POST /api/v1/auth/login; the cookie and CSRF headers of the new session (throws on failure). */
export async function logIn(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookieOf(res.headers['set-cookie']);
  if (!cookie) throw new Error('login set no session cookie');
  const { csrfToken } = res.json() as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** `pd_session=…` out of a Set-Cookie header value. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string | null {
  for (const line of [setCookie ?? []].flat()) {
    const pair = line.split(';')[0]?.trim();
    if (pair?.startsWith('pd_session=')) return pair;
  }
  return null;
}

/**
 * An API key of a new organisation (a brand organisation holding `brandIds` for role 'brand', a partner
 * organisation otherwise) with the given TLP clearance.
 */
export async function createTestApiKey(
  ctx: Pick<AppContext, 'accounts'>,
  options: { role: 'partner' | 'brand'; tlp: Tlp; brandIds?: number[] },
): Promise<{ key: string; apiKeyId: number; organisationId: number; headers: Record<string, string> }> {
  const tag = unique();
  const org = await ctx.accounts.createOrganisation({
    name: `test ${options.role} key org ${tag}`,
    kind: options.role,
    brandIds: options.role === 'brand' ? (options.brandIds ?? []) : [],
  });
  const { key, apiKey } = await ctx.accounts.createApiKey({
    role: options.role,
    tlp: options.tlp,
    organisationId: org.id,
    label: `test key ${tag}`,
  });
  return { key, apiKeyId: apiKey.id, organisationId: org.id, headers: { authorization: `Bearer ${key}` } };
}
