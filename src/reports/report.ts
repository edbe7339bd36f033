import { z } from 'zod';

export const REPORT_KINDS = ['url', 'email', 'sms', 'text'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Where a report came in: one source row each, so statistics can be split by channel. */
export const INTAKE_CHANNELS = {
  api: { name: 'public-api', kind: 'api' },
  web: { name: 'public-web-form', kind: 'web' },
  smtp: { name: 'smtp-forward', kind: 'smtp' },
  upload: { name: 'eml-upload', kind: 'upload' },
  cli: { name: 'cli-import-email', kind: 'cli' },
} as const;
export type IntakeChannel = keyof typeof INTAKE_CHANNELS;

export const reportSubmissionSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    // Bounded by the configured field limit (REPORT_FIELD_MAX_BYTES), checked by the intake service.
    content: z.string().default(''),
    /** SMS sender number or name, or the e-mail's sender when the reporter types it in. */
    sender: z.string().max(320).optional(),
    subject: z.string().max(1000).optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    contact: z
      .object({
        name: z.string().max(200).optional(),
        email: z.email().max(320).optional(),
        phone: z.string().max(40).optional(),
      })
      .optional(),
    consent: z
      .object({
        police: z.boolean().default(false),
        brand: z.boolean().default(false),
        /** Tell me the outcome, once, at contact.email (src/outcome); absent means no. */
        outcome: z.boolean().optional(),
      })
      .default({ police: false, brand: false }),
    lang: z.enum(['ja', 'en']).optional(),
  })
  .strict();

export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;

export type Attachment = { filename: string | null; contentType: string; data: Buffer };

export type ReportStatus = 'received' | 'processed' | 'failed' | 'invalid';
