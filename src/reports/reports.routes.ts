import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { defang } from '../urls/defang.ts';
import { classifyAttachment } from './attachments.ts';
import type { IntakeService } from './intake.service.ts';
import { REPORT_KINDS, reportSubmissionSchema } from './report.ts';
import type { ReportsRepository } from './reports.repository.ts';
import { readReportUpload, submissionFromFields } from './submission-form.ts';

const receiptSchema = z.object({
  id: z.uuid(),
  status: z.literal('received'),
  statusUrl: z.string(),
  /** The reporter's page (src/outcome): what became of the report, in words. */
  statusPage: z.string(),
});

export function reportsRoutes(deps: {
  intake: IntakeService;
  reports: ReportsRepository;
  limits: { uploadBytes: number; ratePerMinute: number };
}): FastifyPluginAsyncZod {
  return async (app) => {
    const rateLimit = { max: deps.limits.ratePerMinute, timeWindow: 60_000 };

    app.post(
      '/api/v1/reports',
      {
        config: { rateLimit },
        schema: {
          summary: 'Submit a phishing report (JSON, or multipart with attachments)',
          description:
            'JSON body, or multipart/form-data with a `report` field holding the same JSON (or the fields kind, content, sender, subject, contact_email, consent_police, consent_brand, consent_outcome) and up to 5 files in `attachments` (screenshots or .eml).',
          tags: ['reports'],
          // Absent (null) for multipart bodies, which the handler reads itself.
          body: reportSubmissionSchema.nullish(),
          response: { 202: receiptSchema },
        },
      },
      async (request, reply) => {
        let receipt: { id: string };
        if (request.isMultipart()) {
          const form = await readReportUpload(request, deps.limits.uploadBytes);
          const submission = submissionFromFields(form.fields);
          const attachments = form.files.map((f) => classifyAttachment(f));
          receipt = await deps.intake.submit(submission, attachments, 'api');
        } else {
          if (!request.body) throw new AppError('request.invalid', 'a JSON body is required');
          receipt = await deps.intake.submit(request.body, [], 'api');
        }
        return reply.status(202).send({
          id: receipt.id,
          status: 'received',
          statusUrl: `/api/v1/reports/${receipt.id}`,
          statusPage: `/report/status/${receipt.id}`,
        });
      },
    );

    app.get(
      '/api/v1/reports/:id',
      {
        schema: {
          summary: 'Status of a submitted report',
          tags: ['reports'],
          params: z.object({ id: z.uuid() }),
          response: {
            200: z.object({
              id: z.string(),
              kind: z.enum([...REPORT_KINDS, 'feed']),
              status: z.string(),
              receivedAt: z.string(),
              brand: z.string().nullable(),
              urls: z.array(z.object({ url: z.string(), status: z.string() })),
            }),
          },
        },
      },
      async (request) => {
        const found = await deps.reports.findByExternalId(request.params.id);
        if (!found) throw new AppError('not_found', 'no report with this id');
        return {
          id: found.external_id,
          kind: found.kind as (typeof REPORT_KINDS)[number],
          status: found.status,
          receivedAt: new Date(found.received_at).toISOString(),
          brand: found.brand_slug,
          // Defanged: this is shown back to the public, who must not be able to click into a phishing site.
          urls: found.urls.map((u) => ({ url: defang(u.canonical), status: u.status })),
        };
      },
    );
  };
}
