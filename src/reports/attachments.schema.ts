import { z } from 'zod';

const emailSchema = z.object({
  subject: z.string().nullable(),
  from: z.object({ name: z.string().nullable(), address: z.string().nullable() }).nullable(),
  replyTo: z.string().nullable(),
  returnPath: z.string().nullable(),
  date: z.string().nullable().describe('ISO 8601'),
  messageId: z.string().nullable(),
  received: z.array(
    z.object({
      from: z.string().nullable(),
      by: z.string().nullable(),
      ip: z.string().nullable(),
      date: z.string().nullable(),
    }),
  ),
  auth: z.object({ spf: z.string().nullable(), dkim: z.string().nullable(), dmarc: z.string().nullable() }),
  text: z.string(),
  textTruncated: z.boolean(),
  htmlPresent: z.boolean(),
  attachments: z.array(
    z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number() }),
  ),
});

export const reportAttachmentSchema = z.object({
  id: z.number(),
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  kind: z.enum(['image', 'email', 'other']),
  /** The file (staff only): images inline, anything else as a download. */
  url: z.string(),
  /** Parsed headers and plain text of an .eml (null for other kinds, or when unreadable). */
  email: emailSchema.nullable(),
});
