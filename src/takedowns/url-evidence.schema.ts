import { z } from 'zod';
import { checkSchema, fetchHopSchema, livenessSchema } from './url-checks.schema.ts';

/** GET /api/v1/urls/:id/evidence: what liveness checks, captures and RDAP look-ups stored about a URL. */
const iso = z.string().describe('ISO 8601');
export const urlEvidenceSchema = z.object({
  urlId: z.number(),
  liveness: livenessSchema,
  /** Newest first, at most 50. */
  checks: z.array(checkSchema),
  addresses: z.array(z.object({ address: z.string(), firstSeen: iso, lastSeen: iso, checks: z.number() })),
  tls: z
    .object({
      at: iso,
      protocol: z.string().nullable(),
      authorized: z.boolean(),
      authorizationError: z.string().nullable(),
      subject: z.string().nullable(),
      issuer: z.string().nullable(),
      subjectAltName: z.string().nullable(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      fingerprint256: z.string().nullable(),
    })
    .nullable(),
  redirects: z
    .object({
      source: z.enum(['capture', 'check']),
      at: iso,
      hops: z.array(fetchHopSchema),
      finalUrl: z.string().nullable(),
    })
    .nullable(),
  capture: z
    .object({
      id: z.number(),
      capturedAt: iso,
      variant: z.string(),
      status: z.string(),
      httpStatus: z.number().nullable(),
      finalUrl: z.string().nullable(),
      title: z.string().nullable(),
      error: z.string().nullable(),
      /** A staff-only image route (PNG, nosniff, CSP default-src 'none'); null when no screenshot. */
      screenshotUrl: z.string().nullable(),
      formFields: z.array(
        z.object({ type: z.string(), name: z.string().nullable(), label: z.string().nullable() }),
      ),
    })
    .nullable(),
  captureCount: z.number(),
  rdap: z.object({
    domain: z
      .object({
        query: z.string(),
        fetchedAt: iso,
        expired: z.boolean(),
        found: z.boolean(),
        ldhName: z.string().nullable(),
        handle: z.string().nullable(),
        status: z.array(z.string()),
        registrar: z.string().nullable(),
        registrarIanaId: z.string().nullable(),
        abuseEmails: z.array(z.string()),
        server: z.string().nullable(),
      })
      .nullable(),
    network: z
      .object({
        query: z.string(),
        fetchedAt: iso,
        expired: z.boolean(),
        found: z.boolean(),
        name: z.string().nullable(),
        handle: z.string().nullable(),
        country: z.string().nullable(),
        startAddress: z.string().nullable(),
        endAddress: z.string().nullable(),
        registrant: z.string().nullable(),
        abuseEmails: z.array(z.string()),
        server: z.string().nullable(),
      })
      .nullable(),
  }),
});

export type UrlEvidence = z.infer<typeof urlEvidenceSchema>;
