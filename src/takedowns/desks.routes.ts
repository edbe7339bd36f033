import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { createDeskBody, deskListSchema, deskSchema, updateDeskBody } from './desks.schemas.ts';
import type { DesksService } from './desks.service.ts';

const STAFF = ['admin', 'analyst'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Staff API of the abuse-desk registry: list, read, add and edit desks (every change audited). */
export function desksRoutes(deps: { desks: DesksService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/takedowns/desks',
      {
        schema: {
          summary: 'Abuse desks with the channel each wants and how each has answered',
          tags: ['takedowns'],
          response: { 200: deskListSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return { desks: await deps.desks.list() };
      },
    );

    app.get(
      '/api/v1/takedowns/desks/:id',
      {
        schema: {
          summary: 'One abuse desk',
          tags: ['takedowns'],
          params: idParams,
          response: { 200: deskSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.desks.get(request.params.id);
      },
    );

    app.post(
      '/api/v1/takedowns/desks',
      {
        schema: {
          summary: 'Add an abuse desk (by RDAP handle, network name or domain)',
          tags: ['takedowns'],
          body: createDeskBody,
          response: { 201: deskSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply.status(201).send(await deps.desks.create(request.body, principal));
      },
    );

    app.patch(
      '/api/v1/takedowns/desks/:id',
      {
        schema: {
          summary: "Edit an abuse desk's channel, address, form, language or needs",
          tags: ['takedowns'],
          params: idParams,
          body: updateDeskBody,
          response: { 200: deskSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.desks.update(request.params.id, request.body, principal);
      },
    );
  };
}
