import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { SourcesRepository } from '../sources/sources.repository.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { extractUrls } from '../urls/extract.ts';
import { MAX_ATTACHMENTS } from './attachments.ts';
import { oversizedField } from './field-limits.ts';
import { createGroupCommit } from './group-commit.ts';
import { type Attachment, INTAKE_CHANNELS, type IntakeChannel, type ReportSubmission } from './report.ts';
import type { ReportsRepository } from './reports.repository.ts';

export const PROCESS_REPORT_JOB = 'report.process';

export type Receipt = { id: string; status: 'received' };

/**
 * Accepts a report: checks it, stores it raw with its attachments and enqueues its analysis, all in one
 * transaction (shared with reports arriving at the same moment: group commit). Once this resolves the
 * report is durable; analysis happens in a job.
 */
export function createIntakeService(deps: {
  db: Db;
  reports: ReportsRepository;
  sources: SourcesRepository;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  /** Largest text field of a submission (config `fieldLimits.fieldBytes`). */
  fieldLimits: { fieldBytes: number };
  /** In the report's transaction, when the reporter left an address and asked to hear the outcome. */
  outcomeConsent?: (
    trx: Transaction<Database>,
    notice: { reportId: number; email: string; lang: string },
  ) => Promise<void>;
}) {
  const sourceIds = new Map<IntakeChannel, number>();
  const group = createGroupCommit(deps.db);

  async function sourceId(channel: IntakeChannel): Promise<number> {
    const cached = sourceIds.get(channel);
    if (cached !== undefined) return cached;
    const { name, kind } = INTAKE_CHANNELS[channel];
    const { id } = await deps.sources.ensure(name, kind, deps.clock.now());
    sourceIds.set(channel, id);
    return id;
  }

  return {
    async submit(
      input: ReportSubmission,
      attachments: Attachment[],
      channel: IntakeChannel,
    ): Promise<Receipt> {
      refuseOversized(input, deps.fieldLimits.fieldBytes);
      validate(input, attachments);
      const now = deps.clock.now();
      const externalId = randomUUID();
      const reportedAt = input.receivedAt ? Date.parse(input.receivedAt) : now;
      const { contact, consent, ...content } = input;
      const srcId = await sourceId(channel);
      const id = await group.run(async (trx) => {
        const reportId = await deps.reports.insertReceived(
          trx,
          {
            sourceId: srcId,
            externalId,
            kind: input.kind,
            receivedAt: now,
            reportedAt: Number.isFinite(reportedAt) ? reportedAt : now,
            payload: JSON.stringify(content),
            reporterContact: contact ? JSON.stringify(contact) : null,
            consentPolice: consent.police,
            consentBrand: consent.brand,
          },
          attachments,
        );
        if (consent.outcome && contact?.email && deps.outcomeConsent)
          await deps.outcomeConsent(trx, { reportId, email: contact.email, lang: input.lang ?? 'ja' });
        await deps.queue.send(PROCESS_REPORT_JOB, { reportId }, { trx });
        return reportId;
      });
      deps.log.info({ reportId: id, channel, kind: input.kind }, 'report received');
      return { id: externalId, status: 'received' };
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;

/** A field over the limit is refused whole (413), never stored cut short. */
function refuseOversized(input: ReportSubmission, fieldBytes: number): void {
  const found = oversizedField(input, fieldBytes);
  if (!found) return;
  const hint =
    input.kind === 'email' && found.path === 'content'
      ? ' (send a large e-mail as an .eml attachment instead)'
      : '';
  throw new AppError(
    'report.field_too_large',
    `${found.path} is ${found.bytes} bytes; a report field may hold at most ${fieldBytes} bytes${hint}`,
    { field: found.path, bytes: found.bytes, limitBytes: fieldBytes },
  );
}

/** Refuses what could never be analysed, before anything is stored. */
function validate(input: ReportSubmission, attachments: Attachment[]): void {
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new AppError('report.invalid', `at most ${MAX_ATTACHMENTS} attachments per report`);
  }
  const hasText = input.content.trim().length > 0;
  const emails = attachments.filter((a) => a.contentType === 'message/rfc822');
  const images = attachments.filter((a) => a.contentType.startsWith('image/'));
  switch (input.kind) {
    case 'url': {
      const found = extractUrls(input.content);
      const candidates = found.length > 0 ? found : input.content.split(/\s+/).filter(Boolean);
      if (candidates.length === 0)
        throw new AppError('report.invalid', 'a URL report needs the URL in content');
      // At least one must be a URL we can work with; the others are kept in the raw payload.
      const errors: string[] = [];
      for (const c of candidates) {
        try {
          analyzeUrl(c);
          return;
        } catch (e) {
          errors.push(e instanceof AppError ? e.message : String(e));
        }
      }
      throw new AppError('url.invalid', `no usable URL in content: ${errors[0] ?? 'unreadable'}`);
    }
    case 'email':
      if (!hasText && emails.length === 0) {
        throw new AppError(
          'report.invalid',
          'an e-mail report needs the message source in content or an .eml attachment',
        );
      }
      return;
    case 'sms':
    case 'text':
      if (!hasText && images.length === 0) {
        throw new AppError(
          'report.invalid',
          `a ${input.kind} report needs its text in content or a screenshot`,
        );
      }
      return;
  }
}
