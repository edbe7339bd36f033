import type { FastifyInstance } from 'fastify';

/** The public pages' policy (the same as src/pages): no script at all, images only from here. */
export const PUBLIC_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Hooks are scoped to the plugin that adds them, so every plugin serving public HTML adds this: hostile
 * text that slipped through escaping still could not run.
 */
export function addPublicHtmlHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', PUBLIC_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });
}
