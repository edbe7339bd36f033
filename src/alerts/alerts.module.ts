import type { Logger } from 'pino';
import { createAwarenessService } from '../awareness/awareness.service.ts';
import type { BrandRegistry } from '../brands/brand-registry.ts';
import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import type { CaptureService } from '../capture/capture.service.ts';
import type { Config } from '../config.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import { createMailer } from '../notify/mailer.ts';
import { createNotifyRepository } from '../notify/notify.repository.ts';
import { createNotifyService } from '../notify/notify.service.ts';
import type { IntakeService } from '../reports/intake.service.ts';
import type { Db } from '../storage/database.ts';
import type { TakedownsService } from '../takedowns/takedowns.service.ts';
import { createVictimRepository } from '../victim/victim.repository.ts';
import { createVictimService } from '../victim/victim.service.ts';
import { createAlertSources } from './alert-sources.ts';
import { createAlertsRepository } from './alerts.repository.ts';
import { type AuditSink, createAlertsService } from './alerts.service.ts';

export const ALERTS_SYNC_JOB = 'alerts.sync-takedowns';
export const ALERTS_SYNC_MS = 5 * 60_000;

/**
 * Builds alerts, their notifications, the awareness pages and the victim's police package (one place for
 * src/context.ts to call). A tick job every five
 * minutes brings the status lines of public alerts up to date with their takedown cases.
 */
export function createAlertsModule(deps: {
  db: Db;
  config: Config;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  brands: BrandRegistry;
  audit: AuditSink;
  intake: Pick<IntakeService, 'submit'>;
  campaigns: Pick<CampaignsService, 'get'>;
  captures: Pick<CaptureService, 'ofUrl' | 'evidence'>;
  takedowns: Pick<TakedownsService, 'caseStatus' | 'list'>;
  outbound: Outbound;
}) {
  const notify = createNotifyService({
    repo: createNotifyRepository(deps.db),
    queue: deps.queue,
    mailer: createMailer(deps.config.mailOut),
    clock: deps.clock,
    log: deps.log,
    publicBaseUrl: deps.config.publicBaseUrl,
    webhookTimeoutMs: deps.config.fetch.timeoutMs,
    outbound: deps.outbound,
    audit: deps.audit,
  });
  const alerts = createAlertsService({
    repo: createAlertsRepository(deps.db),
    brands: deps.brands,
    notifier: notify,
    audit: deps.audit,
    sources: createAlertSources({
      campaigns: deps.campaigns,
      captures: deps.captures,
      takedowns: deps.takedowns,
    }),
    clock: deps.clock,
    publicBaseUrl: deps.config.publicBaseUrl,
  });

  const slot = () => Math.floor(deps.clock.now() / ALERTS_SYNC_MS);
  const scheduleSync = (n: number) =>
    deps.queue.send(
      ALERTS_SYNC_JOB,
      {},
      { singletonKey: `${ALERTS_SYNC_JOB}:${n}`, runAt: n * ALERTS_SYNC_MS },
    );
  deps.queue.work(ALERTS_SYNC_JOB, async () => {
    await scheduleSync(slot() + 1);
    await alerts.syncAllFromTakedowns();
    await victim.purgeExpired();
  });

  const awareness = createAwarenessService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  const victim = createVictimService({
    repo: createVictimRepository(deps.db),
    intake: deps.intake,
    clock: deps.clock,
    log: deps.log,
  });

  return {
    alerts,
    notify,
    awareness,
    victim,
    async start() {
      await scheduleSync(slot());
    },
  };
}
