import type { Logger } from 'pino';
import type { BrandRegistry } from '../brands/brand-registry.ts';
import { parseEmail } from '../email/parse.ts';
import { isAppError } from '../errors.ts';
import { extractUrls } from '../urls/extract.ts';
import type { IngestRepository, NewUrlsJob, ObservedUrl } from './ingest.repository.ts';
import { type IntakeAllowlist, observeUrl } from './observe-url.ts';
import type { ReportsRepository } from './reports.repository.ts';

type Payload = { kind: string; content?: string; sender?: string; subject?: string };

export type ReportText = { subject: string | null; sender: string | null; body: string | null };

/**
 * The analysis of one received report (job `report.process`): find its URLs (from the URL, the SMS or
 * text, or the parsed e-mail), canonicalise and attribute them, link them and mark the report processed.
 * Safe to run again: a report already processed is left alone.
 */
export function createReportProcessor(deps: {
  reports: ReportsRepository;
  ingest: IngestRepository;
  brands: BrandRegistry;
  log: Logger;
  /** Hooks of the triage module: the allowlist, and where the report's subject/sender/text are kept. */
  allowlist?: IntakeAllowlist;
  saveText?: (reportId: number, text: ReportText) => Promise<void>;
  /** Hook of the triage module: a report from a `confirmed` source confirms its URLs. */
  afterProcessed?: (sourceId: number, urlHashes: string[]) => Promise<unknown>;
  /** Hook of the arrival module: the job the new URLs of a report from this source get (evidence). */
  newUrlsJob?: (sourceId: number) => Promise<NewUrlsJob | undefined>;
}) {
  return async function processReport(reportId: number): Promise<{ urls: number; newUrls: number } | null> {
    const loaded = await deps.reports.load(reportId);
    if (loaded?.report.status !== 'received') return null;
    const { report, attachments } = loaded;
    const payload = JSON.parse(report.payload) as Payload;
    const found = await findUrlsAndText(
      payload,
      attachments.filter((a) => a.contentType === 'message/rfc822').map((a) => a.data),
    );
    const textBrand = deps.brands.matchText(found.text);
    await deps.allowlist?.ensureFresh();
    await deps.saveText?.(reportId, {
      subject: found.text.subject ?? null,
      sender: found.text.fromAddress ?? null,
      body: found.text.body ?? null,
    });
    const observed: ObservedUrl[] = [];
    const warnings: string[] = [...found.warnings];
    for (const raw of found.urls) {
      try {
        observed.push(
          observeUrl(raw, {
            seenAt: report.receivedAt,
            threat: 'phishing',
            labelBrand: null,
            sourceName: 'report',
            brands: deps.brands,
            allowlist: deps.allowlist ?? null,
          }),
        );
      } catch (error) {
        if (!isAppError(error)) throw error;
        warnings.push(`${error.code}: ${raw.slice(0, 200)}`);
      }
    }
    const brandId = textBrand?.id ?? observed.find((u) => u.brandId !== null)?.brandId ?? null;
    const { newUrls } = await deps.ingest.completeReport(
      reportId,
      observed,
      {
        status: 'processed',
        brandId,
        error: warnings.length > 0 ? warnings.slice(0, 20).join('\n') : null,
      },
      await deps.newUrlsJob?.(report.sourceId),
    );
    await deps.afterProcessed?.(
      report.sourceId,
      observed.map((u) => u.urlHash),
    );
    deps.log.info({ reportId, urls: observed.length, newUrls }, 'report processed');
    return { urls: observed.length, newUrls };
  };
}

/** Subject, sender and text of a stored report as its analysis reads them (also for re-indexing old ones). */
export async function readReportText(
  payload: string,
  attachments: { contentType: string; data: Buffer }[],
): Promise<ReportText> {
  const emails = attachments.filter((a) => a.contentType === 'message/rfc822').map((a) => a.data);
  const { text } = await findUrlsAndText(JSON.parse(payload) as Payload, emails);
  return { subject: text.subject ?? null, sender: text.fromAddress ?? null, body: text.body ?? null };
}

/** Pasted e-mail source starts with a header line (`Name: value`); pasted body text does not. */
function looksLikeMessage(content: string): boolean {
  const first = content.trimStart().split(/\r?\n/, 1)[0] ?? '';
  return /^[A-Za-z][A-Za-z0-9-]*:[ \t]/.test(first);
}

async function findUrlsAndText(payload: Payload, emails: Buffer[]) {
  const content = payload.content ?? '';
  const warnings: string[] = [];
  const text: { fromAddress?: string; fromName?: string; subject?: string; body?: string } = {
    subject: payload.subject,
    fromAddress: payload.sender,
  };
  if (payload.kind === 'email') {
    const pastedMessage = looksLikeMessage(content);
    const sources = [...emails, ...(pastedMessage ? [Buffer.from(content, 'utf8')] : [])];
    const urls: string[] = [];
    // Pasted body text without the message's header lines: read it as text (a first line such as
    // 'https://…' would otherwise be taken for a header named 'https').
    if (!pastedMessage && content.trim()) {
      urls.push(...extractUrls(content));
      text.body = content.slice(0, 20_000);
    }
    for (const raw of sources) {
      const parsed = await parseEmail(raw);
      urls.push(...parsed.urls);
      warnings.push(...parsed.warnings);
      text.subject ??= parsed.subject ?? undefined;
      text.fromAddress ??= parsed.from?.address ?? undefined;
      text.fromName ??= parsed.from?.name ?? undefined;
      text.body ??= parsed.text.slice(0, 20_000);
    }
    // A first line that only looked like a header ('Notice: …') hides the text in the header block.
    if (pastedMessage && urls.length === 0) urls.push(...extractUrls(content));
    return { urls: [...new Set(urls)], text, warnings };
  }
  text.body = content;
  const urls = extractUrls(content);
  // A URL report whose text holds no recognisable URL pattern is taken as the URL itself.
  if (payload.kind === 'url' && urls.length === 0)
    urls.push(...content.split(/\s+/).filter(Boolean).slice(0, 100));
  return { urls, text, warnings };
}
