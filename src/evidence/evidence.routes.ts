import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { binaryBody, textBody } from '../http/responses.ts';
import type { BundleRow } from './bundles.repository.ts';
import { EVIDENCE_KEY_PATH, type EvidenceBundles } from './bundles.service.ts';

const STAFF = ['admin', 'analyst'] as const;

const bundleSchema = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  kind: z.enum(['request', 'escalation']),
  captureId: z.number().int(),
  checkId: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  keyFingerprint: z.string(),
  createdAt: z.number().int(),
  url: z.string(),
});

export function presentBundle(row: BundleRow, url: string): z.infer<typeof bundleSchema> {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    captureId: row.capture_id,
    checkId: row.check_id,
    sha256: row.sha256,
    size: row.size,
    keyFingerprint: row.key_fingerprint,
    createdAt: row.created_at,
    url,
  };
}

/**
 * The operator's public evidence key (anyone), a bundle behind its mail link (a capability: the random
 * token is the permission, as the abuse desk has no account) and a case's bundles (staff).
 */
export function evidenceRoutes(deps: { bundles: EvidenceBundles }): FastifyPluginAsyncZod {
  const { bundles } = deps;
  return async (app) => {
    app.get(
      EVIDENCE_KEY_PATH,
      {
        schema: {
          summary: "The operator's Ed25519 public key for evidence bundles (PEM)",
          tags: ['evidence'],
          response: { 200: textBody('SPKI public key, PEM', ['application/x-pem-file']) },
        },
      },
      async (_request, reply) =>
        reply
          .header('content-type', 'application/x-pem-file')
          .header('x-evidence-key-fingerprint', bundles.keyFingerprint)
          .header('cache-control', 'public, max-age=3600')
          .send(bundles.publicKeyPem),
    );

    app.get(
      '/api/v1/evidence-bundles/:token',
      {
        schema: {
          summary: 'A signed evidence bundle (tar), from the link in a takedown mail',
          tags: ['evidence'],
          params: z.object({ token: z.string().uuid() }),
          response: { 200: binaryBody('the bundle, a ustar archive', ['application/x-tar']) },
        },
      },
      async (request, reply) => {
        const found = await bundles.download(request.params.token);
        if (!found) throw new AppError('not_found', 'no such evidence bundle');
        return reply
          .header('content-type', 'application/x-tar')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header(
            'content-disposition',
            `attachment; filename="phishdesk-evidence-case${found.row.case_id}-${found.row.id}.tar"`,
          )
          .send(found.bytes);
      },
    );

    app.get(
      '/api/v1/takedowns/:id/bundles',
      {
        schema: {
          summary: "A case's signed evidence bundles, oldest first (staff)",
          tags: ['evidence'],
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: z.object({ bundles: z.array(bundleSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const rows = await bundles.ofCase(request.params.id);
        return { bundles: rows.map((r) => presentBundle(r, bundles.linkOf(r.token))) };
      },
    );
  };
}
