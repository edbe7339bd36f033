import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { BrandRegistry } from './brand-registry.ts';
import { presentBrand, presentRun } from './brands.presenter.ts';
import {
  brandDraftSchema,
  brandPatchSchema,
  brandSchema,
  changeResultSchema,
  idParams,
  mergeSchema,
  pageQuery,
  reattributionSchema,
  retireSchema,
} from './brands.schema.ts';
import type { BrandChangeResult, BrandsService } from './brands.service.ts';

const STAFF = ['admin', 'analyst'] as const;
const WRITE: { security: Record<string, string[]>[] } = {
  security: [{ sessionCookie: [], csrfToken: [] }, { bearerKey: [] }],
};

/** The managed brand registry (staff): list, create, edit, merge, retire, and re-attribution progress. */
export function brandsRoutes(deps: {
  service: BrandsService;
  registry: BrandRegistry;
}): FastifyPluginAsyncZod {
  const { service, registry } = deps;
  async function result(r: BrandChangeResult) {
    const run = await service.getRun(r.reattributionId);
    return { brand: presentBrand(r.brand, registry), reattribution: presentRun(run!, registry) };
  }

  return async (app) => {
    app.get(
      '/api/v1/brands',
      {
        schema: {
          summary: 'Brands of the registry by id (active first unless status is given)',
          tags: ['brands'],
          querystring: pageQuery.extend({
            status: z.enum(['active', 'retired', 'merged', 'all']).default('active'),
            q: z.string().max(200).optional(),
          }),
          response: { 200: z.object({ items: z.array(brandSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request, reply) => {
        requirePrincipal(request, STAFF);
        const { status, q, cursor, limit } = request.query;
        const after = cursor === undefined ? 0 : Number(cursor);
        const needle = q?.normalize('NFKC').toLowerCase().trim() ?? '';
        const matches = registry
          .all()
          .filter((b) => status === 'all' || b.status === status)
          .filter(
            (b) =>
              needle === '' ||
              b.slug.includes(needle) ||
              b.aliases.some((a) => a.normalize('NFKC').toLowerCase().includes(needle)) ||
              b.officialDomains.some((d) => d.includes(needle)),
          )
          .sort((a, b) => a.id - b.id)
          .filter((b) => b.id > after);
        const items = matches.slice(0, limit);
        const nextCursor = matches.length > limit ? String(items[items.length - 1]!.id) : null;
        if (nextCursor) {
          const next = new URLSearchParams({
            status,
            limit: String(limit),
            cursor: nextCursor,
            ...(q ? { q } : {}),
          });
          reply.header('link', `</api/v1/brands?${next}>; rel="next"`);
        }
        return { items: items.map((b) => presentBrand(b, registry)), nextCursor };
      },
    );

    app.get(
      '/api/v1/brands/:id',
      {
        schema: { summary: 'One brand', tags: ['brands'], params: idParams, response: { 200: brandSchema } },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        await registry.refreshIfChanged();
        const b = registry.byId(request.params.id);
        if (!b) throw new AppError('not_found', `no brand with id ${request.params.id}`);
        return presentBrand(b, registry);
      },
    );

    app.post(
      '/api/v1/brands',
      {
        schema: {
          summary: 'Add a brand; URLs and reports it may name are re-attributed by a job',
          tags: ['brands'],
          ...WRITE,
          body: brandDraftSchema,
          response: { 201: changeResultSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        const r = await service.create(principal, request.body, request.id);
        return reply.status(201).send(await result(r));
      },
    );

    app.patch(
      '/api/v1/brands/:id',
      {
        schema: {
          summary: 'Edit a brand (lists given replace the brand’s lists)',
          tags: ['brands'],
          ...WRITE,
          params: idParams,
          body: brandPatchSchema,
          response: { 200: changeResultSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return result(await service.edit(principal, request.params.id, request.body, request.id));
      },
    );

    app.post(
      '/api/v1/brands/:id/merge',
      {
        schema: {
          summary: 'Merge this brand into another: aliases, domains, keywords and corrections move',
          tags: ['brands'],
          ...WRITE,
          params: idParams,
          body: mergeSchema,
          response: { 200: changeResultSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const { into, reason } = request.body;
        return result(await service.merge(principal, request.params.id, into, reason, request.id));
      },
    );

    app.post(
      '/api/v1/brands/:id/retire',
      {
        schema: {
          summary: 'Retire a brand: no longer matched; its URLs are re-attributed (corrections stay)',
          tags: ['brands'],
          ...WRITE,
          params: idParams,
          body: retireSchema,
          response: { 200: changeResultSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return result(await service.retire(principal, request.params.id, request.body.reason, request.id));
      },
    );

    app.get(
      '/api/v1/brands/reattributions',
      {
        schema: {
          summary: 'Re-attribution runs, newest first, with their progress',
          tags: ['brands'],
          querystring: pageQuery,
          response: {
            200: z.object({ items: z.array(reattributionSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const { cursor, limit } = request.query;
        const runs = await service.listRuns({
          beforeId: cursor === undefined ? undefined : Number(cursor),
          limit,
        });
        return {
          items: runs.map((r) => presentRun(r, registry)),
          nextCursor: runs.length === limit ? String(runs[runs.length - 1]!.id) : null,
        };
      },
    );

    app.get(
      '/api/v1/brands/reattributions/:id',
      {
        schema: {
          summary: 'One re-attribution run and its progress',
          tags: ['brands'],
          params: idParams,
          response: { 200: reattributionSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const run = await service.getRun(request.params.id);
        if (!run) throw new AppError('not_found', `no re-attribution run ${request.params.id}`);
        return presentRun(run, registry);
      },
    );
  };
}
