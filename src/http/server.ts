import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { pagesRoutes } from '../pages/pages.routes.ts';
import { registerErrorHandling } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import { systemRoutes } from './system.routes.ts';

/** Builds the HTTP server without listening: main.ts listens, tests call `inject()`. */
export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.limits.bodyBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    disableRequestLogging: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerMetrics(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'phishdesk API',
        description: 'Phishing countermeasure clearinghouse',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(systemRoutes(ctx));
  await typed.register(pagesRoutes());
  return app;
}
