import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { requirePrincipal } from '../accounts/principal.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks `Authorization: Bearer …` itself: the auth hook lets a non-API-key bearer through. */
    foreignBearer?: boolean;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read /metrics (it names routes, counts, memory: reconnaissance for an attacker): a scraper with
 * `Authorization: Bearer $METRICS_TOKEN`, or a signed-in admin. Without a token configured, a scraper on
 * the same host too, like Prometheus exporters bound to localhost: a direct loopback peer whose request
 * carries no proxy headers (a reverse proxy on the same host would make every visitor look local).
 */
function mayRead(request: FastifyRequest, token: string | null): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token !== null && bearer !== undefined) {
    const a = Buffer.from(bearer);
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
  }
  if (request.principal?.role === 'admin') return true;
  if (token !== null || bearer !== undefined) return false;
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((h) => h in request.headers);
  return !forwarded && LOOPBACK.test(request.socket.remoteAddress ?? '');
}

/** One registry per server (not prom-client's global), so several servers can live in one test process. */
export function registerMetrics(app: FastifyInstance, options: { token: string | null }): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'phishdesk_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'phishdesk_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: attacker-chosen paths must not create label values.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true }, config: { foreignBearer: true } }, async (request, reply) => {
    if (!mayRead(request, options.token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      // 401 auth.required for nobody (or a wrong token), 403 auth.forbidden for a signed-in non-admin.
      requirePrincipal(request, ['admin']);
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
