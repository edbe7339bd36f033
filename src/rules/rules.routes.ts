import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { FIELDS, OPS_BY_TYPE } from './fields.ts';
import { dayRange } from './period.ts';
import {
  dryRunSchema,
  presentRuleSet,
  presentVersion,
  ruleSetVersionSchema,
  ruleSetViewSchema,
  verdictCountsSchema,
} from './rules.presenter.ts';
import type { RulesService } from './rules.service.ts';

/**
 * The body of a rule set as the routes take it: the shape is loose here on purpose, so that the rules
 * service refuses a bad rule with its own rule.* code and path (400), not a generic request.invalid.
 */
const ruleSetBody = z.object({
  comment: z.string().max(500).optional(),
  rules: z.array(z.record(z.string(), z.unknown())).max(200),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
type Security = { [label: string]: string[] }[];
const security: Security = [{ sessionCookie: [] }, { bearerKey: [] }];
const writeSecurity: Security = [{ sessionCookie: [], csrfToken: [] }, { bearerKey: [] }];

/** Triage rules (admin): the active set and its versions, saving a new version, dry runs. */
export function rulesRoutes(deps: {
  rules: RulesService;
  verdictCounts(from: number, to: number): Promise<z.infer<typeof verdictCountsSchema>['items']>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/rules',
      {
        schema: {
          summary: 'The active triage rule set (admin)',
          tags: ['rules'],
          security,
          response: { 200: ruleSetViewSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return presentRuleSet(await deps.rules.active());
      },
    );

    app.put(
      '/api/v1/admin/rules',
      {
        schema: {
          summary: 'Save a rule set as the next version and make it active (admin, audited)',
          description:
            'Refused with 400 rule.invalid / rule.unknown_field / rule.confirms_protected (the active set is untouched).',
          tags: ['rules'],
          security: writeSecurity,
          body: ruleSetBody,
          response: { 200: ruleSetViewSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, ['admin']);
        return presentRuleSet(await deps.rules.save(principal, request.body));
      },
    );

    app.get(
      '/api/v1/admin/rules/versions',
      {
        schema: {
          summary: 'Saved rule set versions, newest first (admin)',
          tags: ['rules'],
          security,
          response: { 200: z.object({ items: z.array(ruleSetVersionSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return { items: (await deps.rules.versions()).map(presentVersion) };
      },
    );

    app.get(
      '/api/v1/admin/rules/versions/:version',
      {
        schema: {
          summary: 'One saved rule set version (admin)',
          tags: ['rules'],
          security,
          params: z.object({ version: z.coerce.number().int().positive() }),
          response: { 200: ruleSetViewSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return presentRuleSet(await deps.rules.show(request.params.version));
      },
    );

    app.get(
      '/api/v1/admin/rules/fields',
      {
        schema: {
          summary: 'Fields and operators a rule condition may use (admin)',
          tags: ['rules'],
          security,
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  field: z.string(),
                  type: z.string(),
                  ops: z.array(z.string()),
                  values: z.array(z.string()).nullable(),
                  description: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return {
          items: Object.entries(FIELDS).map(([field, f]) => ({
            field,
            type: f.type,
            ops: [...OPS_BY_TYPE[f.type]],
            values: f.values ? [...f.values] : null,
            description: f.description,
          })),
        };
      },
    );

    app.post(
      '/api/v1/admin/rules/dry-run',
      {
        schema: {
          summary:
            'What a rule set (the active one, or `rules` as a draft) would decide for the URLs first seen from..to (admin; stores nothing)',
          tags: ['rules'],
          security: writeSecurity,
          body: z.object({ from: day, to: day, rules: ruleSetBody.optional() }).strict(),
          response: { 200: dryRunSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        const range = dayRange(request.body.from, request.body.to);
        return deps.rules.dryRun({ ...range, rules: request.body.rules });
      },
    );

    app.get(
      '/api/v1/admin/rules/verdict-counts',
      {
        schema: {
          summary: 'Verdicts per month: by a rule, by a confirmed source, by a person, by the system (admin)',
          tags: ['rules'],
          security,
          querystring: z.object({ from: day, to: day }),
          response: { 200: verdictCountsSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        const range = dayRange(request.query.from, request.query.to);
        return { items: await deps.verdictCounts(range.from, range.to) };
      },
    );
  };
}
