import type { FastifyInstance } from 'fastify';

/**
 * The API documentation (Swagger UI at /docs): its own scripts and styles only, the OpenAPI document from
 * the same origin, no validator badge from elsewhere, never framed (clickjacking "Try it out" with a
 * signed-in cookie).
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  // Swagger UI sets style attributes as it renders.
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/**
 * `X-Content-Type-Options: nosniff` on every response (JSON, Atom, CSV, HTML alike), so that no browser
 * reads attacker-influenced JSON or feed text as HTML or script. Routes that set it already keep theirs.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
}
