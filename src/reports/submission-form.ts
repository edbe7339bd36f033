import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { type MultipartForm, readMultipart } from '../http/multipart.ts';
import { MAX_ATTACHMENTS } from './attachments.ts';
import { type ReportSubmission, reportSubmissionSchema } from './report.ts';

/**
 * A submission from form fields (the public HTML form, or the API's multipart variant): either one
 * `report` field holding the JSON, or flat fields. Checked by the same schema as the JSON API.
 */
export function submissionFromFields(fields: Record<string, string>): ReportSubmission {
  let candidate: unknown;
  if (fields.report !== undefined) {
    try {
      candidate = JSON.parse(fields.report);
    } catch {
      throw new AppError('request.invalid', 'the report field must hold JSON');
    }
  } else {
    const contact = {
      ...(fields.contact_name ? { name: fields.contact_name } : {}),
      ...(fields.contact_email ? { email: fields.contact_email } : {}),
      ...(fields.contact_phone ? { phone: fields.contact_phone } : {}),
    };
    candidate = {
      kind: fields.kind,
      content: fields.content ?? '',
      ...(fields.sender ? { sender: fields.sender } : {}),
      ...(fields.subject ? { subject: fields.subject } : {}),
      ...(Object.keys(contact).length ? { contact } : {}),
      consent: {
        police: isOn(fields.consent_police),
        brand: isOn(fields.consent_brand),
        outcome: isOn(fields.consent_outcome),
      },
      ...(fields.lang === 'en' || fields.lang === 'ja' ? { lang: fields.lang } : {}),
    };
  }
  const parsed = reportSubmissionSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new AppError('request.invalid', z.prettifyError(parsed.error).replace(/\n/g, '; '), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

function isOn(value: string | undefined): boolean {
  return value === 'on' || value === 'true' || value === '1' || value === 'yes';
}

/**
 * A report upload read within the report limits (the API's multipart variant and the public form): one
 * more file than allowed is read so the service can refuse it with its own clear message.
 */
export function readReportUpload(request: FastifyRequest, uploadBytes: number): Promise<MultipartForm> {
  return readMultipart(request, {
    fileBytes: uploadBytes,
    files: MAX_ATTACHMENTS + 1,
    totalBytes: uploadBytes * 2,
  });
}
