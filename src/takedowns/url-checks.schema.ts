import { z } from 'zod';

/**
 * One liveness check, a URL's liveness and one capture as every route shows them (the URL evidence,
 * GET /api/v1/urls/:id/liveness, GET …/captures, POST …/capture): camelCase, times ISO 8601 (UTC).
 */
const iso = z.string().describe('ISO 8601');

export const fetchHopSchema = z.object({
  url: z.string(),
  status: z.number(),
  location: z.string().nullable(),
  address: z.string(),
});

export const livenessSchema = z.object({
  state: z.enum(['live', 'down', 'unknown']),
  since: iso.nullable(),
  lastCheckedAt: iso.nullable(),
  firstLiveAt: iso.nullable(),
  lastLiveAt: iso.nullable(),
  downSince: iso.nullable(),
  checks: z.number(),
});

export const checkSchema = z.object({
  id: z.number(),
  at: iso,
  result: z.enum(['live', 'down', 'error']),
  httpStatus: z.number().nullable(),
  finalUrl: z.string().nullable(),
  address: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});

export const formFieldSchema = z.object({
  tag: z.string(),
  type: z.string(),
  name: z.string().nullable(),
  id: z.string().nullable(),
  label: z.string().nullable(),
  placeholder: z.string().nullable(),
  autocomplete: z.string().nullable(),
});

export const captureSchema = z.object({
  id: z.number(),
  urlId: z.number().nullable(),
  batch: z.string(),
  variant: z.enum(['desktop', 'mobile']),
  capturedAt: iso,
  status: z.enum(['ok', 'failed']),
  requestedUrl: z.string(),
  finalUrl: z.string().nullable(),
  httpStatus: z.number().nullable(),
  title: z.string().nullable(),
  error: z.string().nullable(),
  userAgent: z.string(),
  redirects: z.array(fetchHopSchema),
  formFields: z.array(formFieldSchema),
  /** What differs from the other rendering of the same batch (desktop vs mobile). */
  differences: z.array(z.string()),
  /** Requests the guard refused while rendering (known only right after a capture). */
  refused: z.array(z.object({ url: z.string(), reason: z.string() })),
  /** Staff-only evidence routes (`/api/v1/evidence/:sha256`); null when the file was not kept. */
  screenshotUrl: z.string().nullable(),
  domUrl: z.string().nullable(),
  harUrl: z.string().nullable(),
});

export const urlLivenessSchema = z.object({
  urlId: z.number(),
  status: livenessSchema,
  /** Oldest first. */
  checks: z.array(checkSchema),
});

export const captureListSchema = z.object({ captures: z.array(captureSchema) });

export const captureSetSchema = z.object({
  batch: z.string(),
  desktop: captureSchema,
  mobile: captureSchema.nullable(),
  differences: z.array(z.string()),
});

export type CheckView = z.infer<typeof checkSchema>;
export type CaptureView = z.infer<typeof captureSchema>;
export type LivenessView = z.infer<typeof livenessSchema>;
