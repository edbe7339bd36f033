import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { ReportsRepository } from '../reports/reports.repository.ts';
import type { Database } from '../storage/schema.ts';
import { defang } from '../urls/defang.ts';
import type { OutcomeRepository } from './outcome.repository.ts';
import { FINAL_OUTCOMES, type Outcome, reportOutcome, urlOutcome } from './outcome.rules.ts';

export const OUTCOME_SWEEP_JOB = 'outcome.sweep';
export const OUTCOME_SWEEP_MS = 60_000;
const SWEEP_BATCH = 200;

export type ReportStatusView = {
  id: string;
  receivedAt: number;
  outcome: Outcome;
  /** Defanged: shown back to the public, who must never be able to click into a phishing site. */
  urls: { url: string; outcome: Outcome }[];
};

/**
 * What became of a public report, for its reporter: the status page, and the one e-mail when the
 * outcome is final (only for a reporter who left an address and asked for it; off without mail).
 * Reads URL verdicts as the reports module presents them and takedown cases through the takedowns
 * service; owns only outcome_notices.
 */
export function createOutcomeService(deps: {
  repo: OutcomeRepository;
  reports: Pick<ReportsRepository, 'findByExternalId' | 'findById'>;
  /** The takedowns service's case list (latest first). */
  cases: { list(filter: { urlId: number; limit: number }): Promise<{ state: string }[]> };
  mailer: Mailer;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  publicBaseUrl: string;
  organisationName: string;
}) {
  type Found = NonNullable<Awaited<ReturnType<ReportsRepository['findById']>>>;

  async function view(found: Found): Promise<ReportStatusView> {
    const urls: ReportStatusView['urls'] = [];
    for (const u of found.urls) {
      const [latest] = u.status === 'confirmed' ? await deps.cases.list({ urlId: u.id, limit: 1 }) : [];
      urls.push({ url: defang(u.canonical), outcome: urlOutcome(u.status, latest?.state ?? null) });
    }
    return {
      id: found.external_id,
      receivedAt: found.received_at,
      outcome: reportOutcome(
        found.status,
        urls.map((u) => u.outcome),
      ),
      urls,
    };
  }

  async function notify(n: { report_id: number; email: string; lang: string }): Promise<void> {
    const found = await deps.reports.findById(n.report_id);
    if (!found) return;
    const status = await view(found);
    if (!FINAL_OUTCOMES.includes(status.outcome)) return;
    if (!(await deps.repo.claim(n.report_id, status.outcome, deps.clock.now()))) return;
    const lang: Lang = n.lang === 'en' ? 'en' : 'ja';
    const t = translator(lang);
    const link = `${deps.publicBaseUrl}/report/status/${status.id}?lang=${lang}`;
    try {
      await deps.mailer.send({
        to: n.email,
        subject: t('outcome.mail.subject', { org: deps.organisationName, id: status.id }),
        text: t('outcome.mail.body', {
          id: status.id,
          outcome: t(`outcome.state.${status.outcome}`),
          link,
        }),
      });
      deps.log.info({ reportId: n.report_id, outcome: status.outcome }, 'outcome notice sent');
    } catch (error) {
      await deps.repo.failed(n.report_id, (error as Error).message.slice(0, 500));
      deps.log.warn({ reportId: n.report_id, err: error }, 'outcome notice failed');
    }
  }

  async function scheduleSweep(slot: number) {
    await deps.queue.send(
      OUTCOME_SWEEP_JOB,
      {},
      { singletonKey: `${OUTCOME_SWEEP_JOB}:${slot}`, runAt: slot * OUTCOME_SWEEP_MS },
    );
  }

  /** Sends the one e-mail of every pending notice whose report's outcome is now final. */
  async function sweep(): Promise<void> {
    if (!deps.mailer.enabled) return;
    let afterId = 0;
    for (;;) {
      const batch = await deps.repo.pending(afterId, SWEEP_BATCH);
      for (const n of batch) await notify(n);
      if (batch.length < SWEEP_BATCH) return;
      afterId = Number(batch[batch.length - 1]!.report_id);
    }
  }

  return {
    /** The status page's content; null for an unknown id (or a feed row, which has no reporter). */
    async status(externalId: string): Promise<ReportStatusView | null> {
      const found = await deps.reports.findByExternalId(externalId);
      return found ? view(found) : null;
    },

    /** Intake hook, in the report's transaction: the reporter asked to hear the outcome. */
    async register(trx: Transaction<Database>, n: { reportId: number; email: string; lang: string }) {
      await deps.repo.insert(trx, { ...n, at: deps.clock.now() });
    },

    sweep,

    notice: deps.repo.get,

    /** The sweep runs once a minute (keyed by its minute, so several workers queue it once). */
    registerJobs() {
      deps.queue.work(OUTCOME_SWEEP_JOB, async () => {
        await scheduleSweep(Math.floor(deps.clock.now() / OUTCOME_SWEEP_MS) + 1);
        await sweep();
      });
    },

    async start(): Promise<void> {
      if (deps.mailer.enabled) await scheduleSweep(Math.floor(deps.clock.now() / OUTCOME_SWEEP_MS));
    },
  };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
