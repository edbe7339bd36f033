import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isCrossOrigin } from '../http/cross-origin.ts';
import { noContent } from '../http/responses.ts';
import { TLP_LEVELS } from '../lib/tlp.ts';
import { type AccountsService, LANGS } from './accounts.service.ts';
import {
  type CookieOptions,
  clearSessionCookie,
  sessionCookieToken,
  sessionOf,
  setSessionCookie,
} from './auth.hook.ts';
import { isCsrfRejected, type Principal, ROLES, requirePrincipal } from './principal.ts';

export const meSchema = z.object({
  user: z.object({
    id: z.number(),
    email: z.string().nullable(),
    displayName: z.string(),
    role: z.enum(ROLES),
    organisationId: z.number().nullable(),
    brandIds: z.array(z.number()),
    tlpClearance: z.enum(TLP_LEVELS),
    lang: z.string(),
  }),
  /** Send back as `x-csrf-token` on every write; null for API keys, which need none. */
  csrfToken: z.string().nullable(),
});

function view(principal: Principal, user: { email: string; lang: string } | null) {
  return {
    id: principal.userId,
    email: user?.email ?? null,
    displayName: principal.displayName,
    role: principal.role,
    organisationId: principal.organisationId,
    brandIds: [...principal.brandIds],
    tlpClearance: principal.tlpClearance,
    lang: user?.lang ?? 'ja',
  };
}

/** What README.md gives as the first step after `npm start`; the password is read from stdin. */
export const FIRST_ADMIN_COMMAND =
  'printf \'%s\\n\' "$PASSWORD" | npx phishdesk user create --role admin --email you@example.org --name "You"';

/** Sign-in, sign-out and "who am I" for the console. */
export function authRoutes(deps: {
  accounts: AccountsService;
  cookie: CookieOptions;
  limits: { ratePerMinute: number };
  /** Origins that are ours besides the Host a request came to (the public base URL). */
  trustedOrigins?: readonly string[];
}): FastifyPluginAsyncZod {
  const trusted = deps.trustedOrigins ?? [];
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        // Per client address, on top of the per-account lockout in the service.
        config: { rateLimit: { max: deps.limits.ratePerMinute, timeWindow: 60_000 } },
        schema: {
          summary: 'Sign in with e-mail address and password (sets the pd_session cookie)',
          tags: ['auth'],
          body: z
            .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
            .strict(),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        // Login CSRF: a third-party page's form would sign the visitor in as the attacker.
        if (isCrossOrigin(request, trusted))
          throw new AppError('auth.cross_origin', 'sign-in from another site’s page is refused');
        const user = await deps.accounts.authenticate(request.body.email, request.body.password);
        // A fresh session (and CSRF token) at every sign-in: a token planted before sign-in is worthless,
        // and the session of the cookie the browser came with ends (with or without its CSRF token).
        const old = sessionCookieToken(request);
        if (old) await deps.accounts.deleteSession(old);
        const session = await deps.accounts.createSession(user.id);
        setSessionCookie(reply, session.token, deps.cookie);
        // The answer carries the CSRF token: never cached.
        reply.header('cache-control', 'no-store');
        const principal = await deps.accounts.principalForUser(user);
        return { user: view(principal, user), csrfToken: session.csrfToken };
      },
    );

    app.get(
      '/api/v1/auth/setup',
      {
        schema: {
          summary:
            'Whether the installation still needs its first admin (anonymous; shown on the sign-in page)',
          tags: ['auth'],
          response: {
            200: z.object({
              needsFirstAdmin: z.boolean(),
              /** The command that creates the first admin, when one is needed. */
              command: z.string().nullable(),
            }),
          },
        },
      },
      async () => {
        const needsFirstAdmin = !(await deps.accounts.hasActiveAdmin());
        return { needsFirstAdmin, command: needsFirstAdmin ? FIRST_ADMIN_COMMAND : null };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        schema: {
          summary: 'Sign out (ends the session)',
          tags: ['auth'],
          response: { 204: noContent('Signed out; the session cookie is cleared') },
        },
      },
      async (request, reply) => {
        // Signed out already: nothing to do. A cookie without its CSRF token: 403, so a third-party page
        // cannot sign people out.
        if (request.principal || isCsrfRejected(request)) requirePrincipal(request);
        const session = sessionOf(request);
        if (session) await deps.accounts.deleteSession(session.token);
        clearSessionCookie(reply, deps.cookie);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        schema: {
          summary: 'The signed-in user and the CSRF token',
          tags: ['auth'],
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const session = sessionOf(request);
        reply.header('cache-control', 'no-store');
        return { user: view(principal, session?.user ?? null), csrfToken: session?.csrfToken ?? null };
      },
    );

    app.patch(
      '/api/v1/auth/me',
      {
        schema: {
          summary: 'Change one’s own display name or console language',
          tags: ['auth'],
          body: z
            .object({ displayName: z.string().max(200).optional(), lang: z.enum(LANGS).optional() })
            .strict(),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const session = sessionOf(request);
        if (!session) throw new AppError('auth.forbidden', 'only a signed-in person has a profile');
        const user = await deps.accounts.updateUser(principal.userId, request.body, {
          principal,
          requestId: request.id,
        });
        reply.header('cache-control', 'no-store');
        return { user: view(await deps.accounts.principalForUser(user), user), csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/api/v1/auth/password',
      {
        config: { rateLimit: { max: deps.limits.ratePerMinute, timeWindow: 60_000 } },
        schema: {
          summary: 'Change one’s own password (ends one’s other sessions)',
          tags: ['auth'],
          body: z
            .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) })
            .strict(),
          response: { 204: noContent('Password changed; one’s other sessions are ended') },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const session = sessionOf(request);
        if (!session) throw new AppError('auth.forbidden', 'only a signed-in person has a password');
        await deps.accounts.changeOwnPassword(
          principal.userId,
          request.body.currentPassword,
          request.body.newPassword,
          { keepSessionToken: session.token, principal, requestId: request.id },
        );
        return reply.status(204).send(null);
      },
    );
  };
}
