import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import type { CaptureService } from '../capture/capture.service.ts';
import { AppError } from '../errors.ts';
import { binaryBody } from '../http/responses.ts';
import type { LivenessService } from '../liveness/liveness.service.ts';
import {
  caseDetailSchema,
  caseListSchema,
  caseSchema,
  metricsSchema,
  sendOutcomeSchema,
} from './takedowns.schemas.ts';
import type { TakedownsService } from './takedowns.service.ts';
import { CASE_STATES } from './takedowns.states.ts';
import { presentCapture, presentCaptureSet, presentCheck, presentLiveness } from './url-checks.presenter.ts';
import { captureListSchema, captureSetSchema, urlLivenessSchema } from './url-checks.schema.ts';

const STAFF = ['admin', 'analyst'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const emails = z.array(z.string().email().max(320)).max(20);
const sendBody = z
  .object({
    to: emails.optional().describe('recipients; default: the abuse contacts found by RDAP'),
    cc: emails.optional(),
    lang: z.enum(['ja', 'en']).optional().describe('default: ja when every recipient is under .jp, else en'),
    mobile: z.boolean().optional().describe('also capture with a mobile user agent (default true)'),
  })
  .strict();

/**
 * Staff API of takedown cases, liveness checks and captures. Evidence files are served as downloads
 * (never rendered: a captured DOM is the phishing page itself), screenshots as PNG with nosniff.
 */
export function takedownsRoutes(deps: {
  takedowns: TakedownsService;
  liveness: LivenessService;
  capture: CaptureService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/takedowns',
      {
        schema: {
          summary: 'Takedown cases, newest first (staff)',
          tags: ['takedowns'],
          querystring: z
            .object({
              state: z.enum(CASE_STATES).optional(),
              urlId: z.coerce.number().int().positive().optional(),
              beforeId: z.coerce.number().int().positive().optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
            })
            .strict(),
          response: { 200: caseListSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return { cases: await deps.takedowns.list(request.query) };
      },
    );

    app.get(
      '/api/v1/takedowns/metrics',
      {
        schema: {
          summary: 'Cases by state, median time from first report to request and from request to down',
          tags: ['takedowns'],
          querystring: z
            .object({
              from: z.coerce.number().int().min(0).optional(),
              to: z.coerce.number().int().min(0).optional(),
            })
            .strict(),
          response: { 200: metricsSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.takedowns.metrics(request.query);
      },
    );

    app.post(
      '/api/v1/takedowns',
      {
        schema: {
          summary: 'Open a takedown case for a URL or its registrable domain',
          tags: ['takedowns'],
          body: z
            .object({ urlId: z.number().int().positive(), scope: z.enum(['url', 'domain']).default('url') })
            .strict(),
          response: { 201: caseSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply.status(201).send(await deps.takedowns.openCase(request.body, principal));
      },
    );

    app.get(
      '/api/v1/takedowns/:id',
      {
        schema: {
          summary: 'A case with its events, liveness and metrics',
          tags: ['takedowns'],
          params: idParams,
          response: { 200: caseDetailSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.takedowns.get(request.params.id);
      },
    );

    for (const [path, kind] of [
      ['request', 'sendRequest'],
      ['escalate', 'escalate'],
    ] as const) {
      app.post(
        `/api/v1/takedowns/:id/${path}`,
        {
          schema: {
            summary:
              path === 'request'
                ? 'Re-check, capture and send the takedown request (nothing is sent when the site is down)'
                : 'Re-check, capture and send an escalation',
            tags: ['takedowns'],
            params: idParams,
            body: sendBody,
            response: { 200: sendOutcomeSchema },
          },
        },
        async (request) => {
          const principal = requirePrincipal(request, STAFF);
          return deps.takedowns[kind](request.params.id, request.body, principal);
        },
      );
    }

    app.post(
      '/api/v1/takedowns/:id/filed',
      {
        schema: {
          summary:
            "Record that the analyst filed the desk's web form (or API) by hand: a request_sent (or escalation_sent) event with its channel",
          tags: ['takedowns'],
          params: idParams,
          body: z
            .object({
              kind: z.enum(['request', 'escalation']).default('request'),
              reference: z.string().trim().max(500).optional().describe("the desk's ticket number, if any"),
            })
            .strict(),
          response: { 200: caseSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const { kind, reference } = request.body;
        return deps.takedowns.markFiled(request.params.id, { kind, reference: reference ?? null }, principal);
      },
    );

    app.post(
      '/api/v1/takedowns/:id/transition',
      {
        schema: {
          summary: 'Record an acknowledgement, close as not actionable, mark down, or reopen',
          tags: ['takedowns'],
          params: idParams,
          body: z
            .object({
              to: z.enum(['acknowledged', 'closed', 'down', 'open']),
              reason: z.string().max(2000).optional(),
            })
            .strict(),
          response: { 200: caseSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const { to, reason } = request.body;
        return deps.takedowns.transition(request.params.id, to, { reason: reason ?? null }, principal);
      },
    );

    app.get(
      '/api/v1/urls/:id/liveness',
      {
        schema: {
          summary: 'Liveness of a URL and every stored check (oldest first)',
          tags: ['takedowns'],
          params: idParams,
          response: { 200: urlLivenessSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const id = request.params.id;
        const status = (await deps.liveness.statusOf([id])).get(id)!;
        return {
          urlId: id,
          status: presentLiveness(status),
          checks: (await deps.liveness.history(id)).map(presentCheck),
        };
      },
    );

    app.get(
      '/api/v1/urls/:id/captures',
      {
        schema: {
          summary: 'Captures of a URL (metadata; the files through their evidence links), newest first',
          tags: ['takedowns'],
          params: idParams,
          response: { 200: captureListSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return { captures: (await deps.capture.ofUrl(request.params.id)).map(presentCapture) };
      },
    );

    app.post(
      '/api/v1/urls/:id/capture',
      {
        schema: {
          summary:
            'Capture a stored URL now in Chromium (through the SSRF guard): screenshot, DOM, HAR, fields',
          tags: ['takedowns'],
          params: idParams,
          body: z.object({ mobile: z.boolean().optional() }).strict().optional(),
          response: { 201: captureSetSchema },
        },
      },
      async (request, reply) => {
        requirePrincipal(request, STAFF);
        const set = await deps.takedowns.captureUrl(request.params.id, { mobile: request.body?.mobile });
        return reply.status(201).send(presentCaptureSet(set));
      },
    );

    app.get(
      '/api/v1/evidence/:sha256',
      {
        schema: {
          summary: 'An evidence file: screenshots as PNG, DOM and HAR only as downloads',
          tags: ['takedowns'],
          params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
          response: {
            200: binaryBody('The file: a PNG screenshot inline, anything else as a download', [
              'image/png',
              'application/octet-stream',
            ]),
          },
        },
      },
      async (request, reply) => {
        requirePrincipal(request, STAFF);
        const file = await deps.capture.evidence.read(request.params.sha256);
        if (!file) throw new AppError('not_found', 'no such evidence');
        const image = file.content_type === 'image/png';
        reply
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('content-type', image ? 'image/png' : 'application/octet-stream')
          .header(
            'content-disposition',
            `${image ? 'inline' : 'attachment'}; filename="${file.kind}-${file.sha256.slice(0, 16)}.${image ? 'png' : file.kind === 'har' ? 'har' : 'html.txt'}"`,
          );
        return reply.send(file.bytes);
      },
    );
  };
}
