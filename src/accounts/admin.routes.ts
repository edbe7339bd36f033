import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit.log.ts';
import { TLP_LEVELS } from '../lib/tlp.ts';
import { type AccountsService, type Actor, LANGS, ORGANISATION_KINDS } from './accounts.service.ts';
import { API_KEY_ROLES } from './credentials.ts';
import { ROLES, requirePrincipal } from './principal.ts';

const id = z.coerce.number().int().positive();
const time = z.number().nullable();

const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organisationId: z.number().nullable(),
  disabled: z.boolean(),
  lockedUntil: time,
  createdAt: z.number(),
  lastLoginAt: time,
  lang: z.string(),
});

const organisationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS as ['brand', 'partner', 'internal']),
  brandIds: z.array(z.number()),
  createdAt: z.number(),
});

const apiKeySchema = z.object({
  id: z.number(),
  prefix: z.string(),
  userId: z.number().nullable(),
  organisationId: z.number().nullable(),
  role: z.enum(API_KEY_ROLES),
  tlpClearance: z.enum(TLP_LEVELS),
  label: z.string(),
  createdAt: z.number(),
  lastUsedAt: time,
  revokedAt: time,
});

const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorUserId: z.number().nullable(),
  actorApiKeyId: z.number().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

const brandIds = z.array(z.number().int().positive()).max(1000);

/**
 * Administration of accounts (admins only): users, organisations and their brands, API keys, and the
 * audit log. Every change is written to the audit log by the service, with the request id.
 */
export function adminRoutes(deps: { accounts: AccountsService; audit: AuditLog }): FastifyPluginAsyncZod {
  const { accounts } = deps;
  return async (app) => {
    const admin = (request: Parameters<typeof requirePrincipal>[0]): Actor => ({
      principal: requirePrincipal(request, ['admin']),
      requestId: request.id,
    });
    const tags = ['admin'];

    app.get(
      '/api/v1/admin/users',
      {
        schema: {
          summary: 'Users',
          tags,
          querystring: z.object({ organisationId: id.optional(), role: z.enum(ROLES).optional() }).strict(),
          response: { 200: z.object({ users: z.array(userSchema) }) },
        },
      },
      async (request) => {
        admin(request);
        return { users: await accounts.listUsers(request.query) };
      },
    );

    app.post(
      '/api/v1/admin/users',
      {
        schema: {
          summary: 'Create a user',
          tags,
          body: z
            .object({
              email: z.string().max(320),
              displayName: z.string().max(200),
              role: z.enum(ROLES),
              password: z.string().max(1024),
              organisationId: z.number().int().positive().nullable().optional(),
              lang: z.enum(LANGS).optional(),
            })
            .strict(),
          response: { 201: userSchema },
        },
      },
      async (request, reply) => {
        const actor = admin(request);
        return reply.status(201).send(await accounts.createUser(request.body, actor));
      },
    );

    app.get(
      '/api/v1/admin/users/:id',
      { schema: { summary: 'One user', tags, params: z.object({ id }), response: { 200: userSchema } } },
      async (request) => {
        admin(request);
        return accounts.getUser(request.params.id);
      },
    );

    app.patch(
      '/api/v1/admin/users/:id',
      {
        schema: {
          summary: 'Change a user: role, organisation, name, language, disabled, password, unlock',
          description: 'A changed role, organisation or password, or disabling, ends the user’s sessions.',
          tags,
          params: z.object({ id }),
          body: z
            .object({
              role: z.enum(ROLES).optional(),
              organisationId: z.number().int().positive().nullable().optional(),
              displayName: z.string().max(200).optional(),
              lang: z.enum(LANGS).optional(),
              disabled: z.boolean().optional(),
              unlock: z.literal(true).optional(),
              password: z.string().max(1024).optional(),
            })
            .strict(),
          response: { 200: userSchema },
        },
      },
      async (request) => {
        const actor = admin(request);
        return accounts.updateUser(request.params.id, request.body, actor);
      },
    );

    app.get(
      '/api/v1/admin/organisations',
      {
        schema: {
          summary: 'Organisations and their brands',
          tags,
          response: { 200: z.object({ organisations: z.array(organisationSchema) }) },
        },
      },
      async (request) => {
        admin(request);
        return { organisations: await accounts.listOrganisations() };
      },
    );

    app.post(
      '/api/v1/admin/organisations',
      {
        schema: {
          summary: 'Create an organisation (brand owners: with the brand ids its users may see)',
          tags,
          body: z
            .object({
              name: z.string().max(200),
              kind: z.enum(ORGANISATION_KINDS as ['brand', 'partner', 'internal']),
              brandIds: brandIds.optional(),
            })
            .strict(),
          response: { 201: organisationSchema },
        },
      },
      async (request, reply) => {
        const actor = admin(request);
        return reply.status(201).send(await accounts.createOrganisation(request.body, actor));
      },
    );

    app.patch(
      '/api/v1/admin/organisations/:id',
      {
        schema: {
          summary: 'Rename an organisation or replace its brands',
          tags,
          params: z.object({ id }),
          body: z.object({ name: z.string().max(200).optional(), brandIds: brandIds.optional() }).strict(),
          response: { 200: organisationSchema },
        },
      },
      async (request) => {
        const actor = admin(request);
        return accounts.updateOrganisation(request.params.id, request.body, actor);
      },
    );

    app.get(
      '/api/v1/admin/api-keys',
      {
        schema: {
          summary: 'API keys (never the keys themselves)',
          tags,
          querystring: z
            .object({
              organisationId: id.optional(),
              userId: id.optional(),
              includeRevoked: z.enum(['true', 'false']).optional(),
            })
            .strict(),
          response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }) },
        },
      },
      async (request) => {
        admin(request);
        const { includeRevoked, ...filter } = request.query;
        return {
          apiKeys: await accounts.listApiKeys({ ...filter, includeRevoked: includeRevoked === 'true' }),
        };
      },
    );

    app.post(
      '/api/v1/admin/api-keys',
      {
        schema: {
          summary: 'Create an API key: the key is in this answer only',
          tags,
          body: z
            .object({
              role: z.enum(API_KEY_ROLES),
              tlp: z.enum(TLP_LEVELS),
              organisationId: z.number().int().positive().nullable().optional(),
              userId: z.number().int().positive().nullable().optional(),
              label: z.string().max(200),
            })
            .strict(),
          response: { 201: z.object({ key: z.string(), apiKey: apiKeySchema }) },
        },
      },
      async (request, reply) => {
        const actor = admin(request);
        // Never cached anywhere on the way back.
        reply.header('cache-control', 'no-store');
        return reply.status(201).send(await accounts.createApiKey(request.body, actor));
      },
    );

    app.post(
      '/api/v1/admin/api-keys/:id/revoke',
      {
        schema: {
          summary: 'Revoke an API key',
          tags,
          params: z.object({ id }),
          response: { 200: apiKeySchema },
        },
      },
      async (request) => {
        const actor = admin(request);
        return accounts.revokeApiKey(request.params.id, actor);
      },
    );

    app.get(
      '/api/v1/admin/audit',
      {
        schema: {
          summary: 'The audit log, newest first',
          description:
            'Page with `beforeId` = the last id of the previous page. Times are ms since the epoch.',
          tags,
          querystring: z
            .object({
              actorUserId: id.optional(),
              action: z.string().max(100).optional(),
              entity: z.string().max(100).optional(),
              entityId: z.string().max(100).optional(),
              from: z.coerce.number().int().optional(),
              to: z.coerce.number().int().optional(),
              beforeId: id.optional(),
              limit: z.coerce.number().int().min(1).max(1000).optional(),
            })
            .strict(),
          response: { 200: z.object({ entries: z.array(auditEntrySchema) }) },
        },
      },
      async (request) => {
        admin(request);
        return { entries: await deps.audit.list(request.query) };
      },
    );
  };
}
