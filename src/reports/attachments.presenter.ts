import type { z } from 'zod';
import { parseEmail } from '../email/parse.ts';
import type { reportAttachmentSchema } from './attachments.schema.ts';

type Row = { id: number; filename: string | null; content_type: string; size: number; sha256: string };

const EMAIL_TEXT_CHARS = 20_000;

/**
 * A stored attachment as the console shows it: images by a staff-only URL (served with nosniff and
 * CSP default-src 'none'), e-mails parsed here (headers and plain text, never the HTML) for escaped display.
 */
export async function presentAttachment(
  reportId: number,
  row: Row,
  bytes: () => Promise<Buffer | null>,
): Promise<z.infer<typeof reportAttachmentSchema>> {
  const base = {
    id: Number(row.id),
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    url: `/api/v1/triage/reports/${reportId}/attachments/${row.id}`,
  };
  if (row.content_type.startsWith('image/')) return { ...base, kind: 'image', email: null };
  if (row.content_type !== 'message/rfc822') return { ...base, kind: 'other', email: null };
  const data = await bytes();
  const parsed = data ? await parseEmail(data).catch(() => null) : null;
  if (!parsed) return { ...base, kind: 'email', email: null };
  return {
    ...base,
    kind: 'email',
    email: {
      subject: parsed.subject,
      from: parsed.from ? { name: parsed.from.name, address: parsed.from.address } : null,
      replyTo: parsed.replyTo,
      returnPath: parsed.returnPath,
      date: parsed.date,
      messageId: parsed.messageId,
      received: parsed.received.map((h) => ({ from: h.from, by: h.by, ip: h.ip, date: h.date })),
      auth: { spf: parsed.auth.spf, dkim: parsed.auth.dkim, dmarc: parsed.auth.dmarc },
      text: parsed.text.slice(0, EMAIL_TEXT_CHARS),
      textTruncated: parsed.text.length > EMAIL_TEXT_CHARS,
      htmlPresent: parsed.htmlPresent,
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
      })),
    },
  };
}
