import type { Logger } from 'pino';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import type { Config } from '../config.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import { createMailer } from '../notify/mailer.ts';
import type { Db } from '../storage/database.ts';
import type { Disclosure } from './disclosure.ts';
import { createPortalRepository } from './portal.repository.ts';
import { createPortalService } from './portal.service.ts';
import { createSharingRepository } from './sharing.repository.ts';
import { createSharingService } from './sharing.service.ts';

export const SHARING_TICK_JOB = 'sharing.tick';
export const SHARING_TICK_MS = 60_000;

/**
 * The sharing module as the context builds it: the service (feeds, check, hash list), the brand portal,
 * and a once-a-minute job that drains the sync queue and notifies brand subscribers of new URLs (the
 * singleton key per minute makes it run once however many workers schedule it).
 */
export function createSharingModule(deps: {
  db: Db;
  config: Pick<Config, 'organisationName' | 'sharing' | 'mailOut' | 'fetch'>;
  clock: Clock;
  log: Logger;
  audit: { record(entry: AuditEntryInput): Promise<number> };
  queue: JobQueue;
  allowlist: Parameters<typeof createPortalService>[0]['allowlist'];
  /** From the reports module: the brand label each URL's source gave. */
  sourceLabels: (urlIds: readonly number[]) => Promise<Map<number, string>>;
  disclosure: Disclosure;
  outbound: Outbound;
}) {
  const sharing = createSharingService({
    repo: createSharingRepository(deps.db),
    clock: deps.clock,
    organisationName: deps.config.organisationName,
    defaultTlp: deps.config.sharing.defaultTlp,
    listingTtlMs: deps.config.sharing.listingTtlMs,
    log: deps.log,
    sourceLabels: deps.sourceLabels,
  });
  const portalRepo = createPortalRepository(deps.db, deps.disclosure);
  const portal = createPortalService({
    repo: portalRepo,
    sharing,
    audit: deps.audit,
    mailer: createMailer(deps.config.mailOut),
    allowlist: deps.allowlist,
    fetcher: deps.outbound,
    clock: deps.clock,
    log: deps.log,
  });
  const schedule = (slot: number) =>
    deps.queue.send(
      SHARING_TICK_JOB,
      {},
      { singletonKey: `${SHARING_TICK_JOB}:${slot}`, runAt: slot * SHARING_TICK_MS },
    );
  deps.queue.work(SHARING_TICK_JOB, async () => {
    await schedule(Math.floor(deps.clock.now() / SHARING_TICK_MS) + 1);
    await portal.notifyNewUrls();
    await sharing.expireListings();
  });
  return {
    sharing,
    portal,
    portalRepo,
    /** Worker roles: queue the tick of the current minute (idempotent). */
    start: () => schedule(Math.floor(deps.clock.now() / SHARING_TICK_MS)),
  };
}
