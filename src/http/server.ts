import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { adminRoutes } from '../accounts/admin.routes.ts';
import { registerAuth } from '../accounts/auth.hook.ts';
import { authRoutes } from '../accounts/auth.routes.ts';
import { alertsPublicRoutes } from '../alerts/alerts.public.routes.ts';
import { alertsRoutes } from '../alerts/alerts.routes.ts';
import { appealsRoutes } from '../appeals/appeals.routes.ts';
import { awarenessRoutes } from '../awareness/awareness.routes.tsx';
import { brandsRoutes } from '../brands/brands.routes.ts';
import { emergingRoutes } from '../brands/emerging.routes.ts';
import { campaignsRoutes } from '../campaigns/campaigns.routes.ts';
import type { AppContext } from '../context.ts';
import { evidenceRoutes } from '../evidence/evidence.routes.ts';
import { createMonthlyModule } from '../monthly/monthly.module.ts';
import { monthlyRoutes } from '../monthly/monthly.routes.ts';
import { outcomeRoutes } from '../outcome/outcome.routes.ts';
import { pagesRoutes } from '../pages/pages.routes.ts';
import { reportAttachmentsRoutes } from '../reports/attachments.routes.ts';
import { reportsRoutes } from '../reports/reports.routes.ts';
import { rulesRoutes } from '../rules/rules.routes.ts';
import { sharingRoutes } from '../sharing/sharing.routes.ts';
import { sourcesRoutes } from '../sources/sources.routes.ts';
import { createStatsRepository } from '../stats/stats.repository.ts';
import { statsRoutes } from '../stats/stats.routes.ts';
import { createStatsService } from '../stats/stats.service.ts';
import { survivalRoutes } from '../stats/survival.routes.ts';
import { desksRoutes } from '../takedowns/desks.routes.ts';
import { takedownsRoutes } from '../takedowns/takedowns.routes.ts';
import { urlEvidenceRoutes } from '../takedowns/url-evidence.routes.ts';
import { allowlistRoutes } from '../triage/allowlist.routes.ts';
import { triageBulkRoutes } from '../triage/bulk.routes.ts';
import { triageRoutes } from '../triage/triage.routes.ts';
import { victimRoutes } from '../victim/victim.routes.ts';
import { registerErrorHandling } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import { DOCS_CSP, registerSecurityHeaders } from './security-headers.ts';
import { systemRoutes } from './system.routes.ts';

/** Builds the HTTP server without listening: main.ts listens, tests call `inject()`. */
export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.limits.bodyBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    // Slow clients (slowloris, trickled bodies) cannot hold sockets open: see config.http.
    requestTimeout: ctx.config.http.requestTimeoutMs,
    connectionTimeout: ctx.config.http.connectionTimeoutMs,
    keepAliveTimeout: ctx.config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: ctx.config.http.headersTimeoutMs,
      // Node enforces the header and request timeouts only when it sweeps its connections (every 30 s
      // by default); sweep often enough that a timeout means what it says.
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(5000, Math.floor(ctx.config.http.headersTimeoutMs / 4)),
      ),
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerSecurityHeaders(app);
  registerMetrics(app, { token: ctx.config.metricsToken });
  // Sets request.principal (session cookie or API key, CSRF checked) before any route runs.
  const trustedOrigins = [new URL(ctx.config.publicBaseUrl).origin];
  registerAuth(app, ctx.accounts, { trustedOrigins });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'phishdesk API',
        description: 'Phishing countermeasure clearinghouse',
        version: '0.1.0',
      },
      // Named here so routes can declare which credentials they take (see docs/API.md § Authentication).
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pd_session' },
          csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          bearerKey: { type: 'http', scheme: 'bearer', description: 'API key pdk_…' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    uiConfig: { validatorUrl: null },
  });
  await app.register(fastifyMultipart, { limits: { fileSize: ctx.config.limits.uploadBytes } });
  await app.register(fastifyFormbody, { bodyLimit: ctx.config.limits.bodyBytes });
  // Applied per route (config.rateLimit) to what the public can write to, not to reads or health checks.
  await app.register(fastifyRateLimit, { global: false });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(systemRoutes(ctx));
  await typed.register(
    authRoutes({
      accounts: ctx.accounts,
      cookie: { secure: ctx.config.publicBaseUrl.startsWith('https:') },
      limits: ctx.config.limits,
      trustedOrigins,
    }),
  );
  await typed.register(adminRoutes({ accounts: ctx.accounts, audit: ctx.audit }));
  await typed.register(alertsRoutes({ alerts: ctx.alerts, notify: ctx.notify }));
  await typed.register(
    alertsPublicRoutes({
      alerts: ctx.alerts,
      notify: ctx.notify,
      clock: ctx.clock,
      publicBaseUrl: ctx.config.publicBaseUrl,
    }),
  );
  await typed.register(awarenessRoutes({ awareness: ctx.awareness }));
  await typed.register(
    victimRoutes({ victim: ctx.victim, pdf: ctx.pdf, ratePerMinute: ctx.config.limits.ratePerMinute }),
  );
  await typed.register(pagesRoutes({ intake: ctx.intake, limits: ctx.config.limits }));
  await typed.register(outcomeRoutes({ outcome: ctx.outcome }));
  await typed.register(
    sharingRoutes({
      sharing: ctx.sharing,
      portal: ctx.sharingPortal,
      campaigns: ctx.campaigns,
      config: ctx.config,
    }),
  );
  await typed.register(
    takedownsRoutes({ takedowns: ctx.takedowns, liveness: ctx.liveness, capture: ctx.capture }),
  );
  await typed.register(
    urlEvidenceRoutes({ evidence: ctx.urlEvidence, urlOf: (id, viewer) => ctx.triage.getUrl(id, viewer) }),
  );
  await typed.register(evidenceRoutes({ bundles: ctx.evidenceBundles }));
  await typed.register(desksRoutes({ desks: ctx.takedownDesks }));
  await typed.register(reportAttachmentsRoutes({ reports: ctx.repos.reports }));
  await typed.register(
    reportsRoutes({ intake: ctx.intake, reports: ctx.repos.reports, limits: ctx.config.limits }),
  );
  await typed.register(
    statsRoutes({ stats: createStatsService({ repo: createStatsRepository(ctx.db), clock: ctx.clock }) }),
  );
  const monthlyModule = createMonthlyModule(ctx);
  await typed.register(monthlyRoutes(monthlyModule));
  await typed.register(survivalRoutes({ survival: monthlyModule.survival, disclosure: ctx.disclosure }));
  await typed.register(triageRoutes({ triage: ctx.triage }));
  await typed.register(triageBulkRoutes({ triage: ctx.triage }));
  await typed.register(sourcesRoutes({ sources: ctx.sources }));
  await typed.register(rulesRoutes({ rules: ctx.rules, verdictCounts: ctx.verdictCounts }));
  await typed.register(allowlistRoutes({ allowlist: ctx.allowlist }));
  await typed.register(campaignsRoutes({ campaigns: ctx.campaigns }));
  await typed.register(brandsRoutes({ service: ctx.brandsService, registry: ctx.brands }));
  await typed.register(emergingRoutes({ emerging: ctx.emerging }));
  await typed.register(
    appealsRoutes({
      appeals: ctx.appeals,
      clock: ctx.clock,
      ratePerMinute: ctx.config.limits.ratePerMinute,
      deadlineHours: ctx.config.appeals.deadlineMs / 3_600_000,
    }),
  );
  return app;
}
