import { z } from 'zod';
import { deskSchema } from './desks.schemas.ts';
import { CASE_STATES } from './takedowns.states.ts';

/**
 * Response shapes of the takedowns API (src/takedowns/takedowns.routes.ts), written once: the routes
 * declare them (so /docs tells a partner what comes back and a presenter that drifts fails the request
 * instead of leaking a field), and the console takes its types from them instead of hand copies.
 * Times are still epoch milliseconds here, as they were; moving them to ISO is a breaking change of its
 * own (docs/API.md).
 */
const epochMs = z.number().describe('epoch milliseconds');
const nullableMs = epochMs.nullable();

export const contactSchema = z.object({
  role: z.enum(['hosting', 'registrar']),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  handle: z.string().nullable().optional().describe('RDAP entity handle of the abuse desk'),
  network: z.string().nullable().optional().describe('IP network name (hosting)'),
  source: z.string().nullable().describe('the RDAP server that said so'),
  query: z.string(),
  fetchedAt: nullableMs,
  error: z.string().nullable(),
});

export const caseMetricsSchema = z.object({
  reportToRequestMs: z.number().nullable().describe('first report to first takedown request'),
  requestToDownMs: z.number().nullable().describe('first request to the site seen down'),
});

export const caseSchema = z.object({
  id: z.number().int(),
  urlId: z.number().int(),
  scope: z.enum(['url', 'domain']),
  targetUrl: z.string(),
  targetHost: z.string(),
  targetDomain: z.string().nullable(),
  brandId: z.number().int().nullable(),
  state: z.enum(CASE_STATES),
  contacts: z.array(contactSchema),
  firstReportedAt: epochMs,
  openedAt: epochMs,
  requestedAt: nullableMs,
  acknowledgedAt: nullableMs,
  escalatedAt: nullableMs,
  downAt: nullableMs,
  closedAt: nullableMs,
  closeReason: z.string().nullable(),
  lastCaptureId: z.number().int().nullable(),
  metrics: caseMetricsSchema,
});

export const liveStatusSchema = z.object({
  urlId: z.number().int(),
  state: z.enum(['live', 'down', 'unknown']),
  since: nullableMs,
  lastCheckedAt: nullableMs,
  firstLiveAt: nullableMs,
  lastLiveAt: nullableMs,
  downSince: nullableMs,
  checks: z.number().int(),
});

export const EVENT_KINDS = ['opened', 'state', 'liveness', 'request_sent', 'escalation_sent'] as const;

export const caseEventSchema = z.object({
  id: z.number().int(),
  at: epochMs,
  kind: z.string().describe(`one of ${EVENT_KINDS.join(', ')}`),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  actorUserId: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const caseDetailSchema = caseSchema.extend({
  live: liveStatusSchema,
  events: z.array(caseEventSchema),
  desk: deskSchema
    .nullable()
    .describe('the abuse desk the next request or escalation goes to (known once a request was tried)'),
});

export const caseListSchema = z.object({ cases: z.array(caseSchema) });

export const metricsSchema = z.object({
  cases: z.number().int(),
  byState: z.record(z.string(), z.number().int()),
  medianReportToRequestMs: z.number().nullable(),
  medianRequestToDownMs: z.number().nullable(),
  requested: z.number().int(),
  downAfterRequest: z.number().int(),
});

export const sendOutcomeSchema = z.union([
  z.object({
    sent: z.literal(true),
    case: caseSchema,
    messageId: z.string(),
    to: z.array(z.string()),
    captureId: z.number().int(),
    bundle: z.object({ url: z.string(), sha256: z.string() }),
  }),
  z.object({ sent: z.literal(false), case: caseSchema, reason: z.literal('site_down') }),
  z
    .object({
      sent: z.literal(false),
      case: caseSchema,
      reason: z.literal('file_by_hand'),
      desk: deskSchema,
      request: z
        .object({ lang: z.enum(['ja', 'en']), subject: z.string(), text: z.string() })
        .describe('the request as it would have been mailed, to paste into the form'),
      captureId: z.number().int(),
      bundle: z.object({ url: z.string(), sha256: z.string() }),
    })
    .describe('the desk takes a web form (or an API, not automated yet): file it, then POST …/filed'),
]);

export type TakedownCase = z.infer<typeof caseSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type TakedownMetrics = z.infer<typeof metricsSchema>;
export type SendOutcome = z.infer<typeof sendOutcomeSchema>;
