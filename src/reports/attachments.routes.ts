import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { binaryBody } from '../http/responses.ts';
import { presentAttachment } from './attachments.presenter.ts';
import { reportAttachmentSchema } from './attachments.schema.ts';
import type { ReportsRepository } from './reports.repository.ts';

const STAFF = ['admin', 'analyst'] as const;
const id = z.coerce.number().int().positive();

/**
 * Staff routes of a report's attachments (the report's numeric id, as the triage lists give it). Files are
 * sent as data, never as pages: images with their checked type, everything else as a download, both with
 * nosniff and a CSP that allows nothing.
 */
export function reportAttachmentsRoutes(deps: { reports: ReportsRepository }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/triage/reports/:id/attachments',
      {
        schema: {
          summary: "A report's attachments: screenshots by URL, e-mails as parsed headers and text (staff)",
          tags: ['triage'],
          params: z.object({ id }),
          response: { 200: z.object({ items: z.array(reportAttachmentSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const reportId = request.params.id;
        const rows = await deps.reports.attachmentsOf(reportId);
        if (!rows) throw new AppError('not_found', 'no such report');
        const items = [];
        for (const row of rows) {
          const bytes = async () => (await deps.reports.attachment(reportId, Number(row.id)))?.data ?? null;
          items.push(await presentAttachment(reportId, row, bytes));
        }
        return { items };
      },
    );

    app.get(
      '/api/v1/triage/reports/:id/attachments/:attachmentId',
      {
        schema: {
          summary: 'One attachment file (staff): images inline, anything else as a download',
          tags: ['triage'],
          params: z.object({ id, attachmentId: id }),
          response: {
            200: binaryBody('the file as stored', [
              'image/png',
              'image/jpeg',
              'image/gif',
              'image/webp',
              'application/octet-stream',
            ]),
          },
        },
      },
      async (request, reply) => {
        requirePrincipal(request, STAFF);
        const file = await deps.reports.attachment(request.params.id, request.params.attachmentId);
        if (!file) throw new AppError('not_found', 'no such attachment');
        // The type was decided from the bytes at intake (attachments.ts); only those four are shown inline.
        const image = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(file.content_type);
        const ext = image
          ? file.content_type.slice('image/'.length)
          : file.content_type === 'message/rfc822'
            ? 'eml'
            : 'bin';
        return reply
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .header('content-type', image ? file.content_type : 'application/octet-stream')
          .header(
            'content-disposition',
            `${image ? 'inline' : 'attachment'}; filename="attachment-${file.id}.${ext}"`,
          )
          .send(file.data);
      },
    );
  };
}
