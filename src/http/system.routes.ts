import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness and database reachability',
          tags: ['system'],
          response: {
            200: z.object({
              status: z.literal('ok'),
              database: z.enum(['sqlite', 'postgres']),
              // Outbound visits are off until an operator sets OUTBOUND_ENABLED=true.
              outbound: z.object({ enabled: z.boolean(), proxy: z.boolean() }),
            }),
            503: z.object({ status: z.literal('unavailable'), database: z.enum(['sqlite', 'postgres']) }),
          },
        },
      },
      async (_request, reply) => {
        const up = await ctx.db.ping();
        if (!up) return reply.status(503).send({ status: 'unavailable', database: ctx.db.dialect });
        const { enabled, proxy } = ctx.outbound.status();
        return { status: 'ok' as const, database: ctx.db.dialect, outbound: { enabled, proxy } };
      },
    );
  };
}
