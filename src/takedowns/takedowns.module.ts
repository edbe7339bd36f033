import type { Logger } from 'pino';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import type { BrowserPool } from '../browser/browser-pool.ts';
import { createCaptureRepository } from '../capture/capture.repository.ts';
import { createCaptureService } from '../capture/capture.service.ts';
import { createEvidenceStore } from '../capture/evidence-store.ts';
import type { Config } from '../config.ts';
import { createBundlesRepository } from '../evidence/bundles.repository.ts';
import { createEvidenceBundles } from '../evidence/bundles.service.ts';
import { loadOrCreateSigningKey } from '../evidence/signing-key.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import { registerLivenessJobs } from '../liveness/liveness.jobs.ts';
import { createLivenessRepository } from '../liveness/liveness.repository.ts';
import { createLivenessService, DEFAULT_POLICY } from '../liveness/liveness.service.ts';
import { createRdapClient } from '../rdap/rdap.client.ts';
import type { Db } from '../storage/database.ts';
import { createDesksRepository } from './desks.repository.ts';
import { createDesksService } from './desks.service.ts';
import { createMailer } from './mailer.ts';
import { createTakedownsRepository } from './takedowns.repository.ts';
import { createTakedownsService } from './takedowns.service.ts';
import { createUrlEvidence } from './url-evidence.ts';

/**
 * Wiring of everything that touches phishing sites: the one safe fetcher, liveness checks (scheduled on
 * the queue), Chromium captures, RDAP and takedown cases. `resolve` replaces the system resolver (tests
 * give a table of names; production never sets it); all of it goes through ctx.outbound.
 */
export function createTakedownsModule(deps: {
  db: Db;
  config: Config;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  audit: { record(entry: AuditEntryInput): Promise<unknown> };
  /** The one outbound guard (ctx.outbound). */
  outbound: Outbound;
  /** The shared capture browser (ctx.browsers.captures). */
  browser: BrowserPool;
}) {
  const { db, config, queue, clock, log } = deps;
  const fetcher = deps.outbound;
  const liveness = createLivenessService({
    repo: createLivenessRepository(db),
    fetcher,
    clock,
    log,
    policy: { ...DEFAULT_POLICY, stopAfterDownMs: config.liveness.stopAfterDownMs },
  });
  const evidence = createEvidenceStore({ db, dataDir: config.dataDir, clock });
  const capture = createCaptureService({
    config,
    browser: deps.browser,
    fetcher,
    evidence,
    repo: createCaptureRepository(db),
    clock,
    log,
  });
  const rdap = createRdapClient({ db, config: config.rdap, clock, log, outbound: deps.outbound });
  // The operator's evidence key: created at first start under the data directory.
  const bundles = createEvidenceBundles({
    repo: createBundlesRepository(db),
    store: evidence,
    key: loadOrCreateSigningKey(config.dataDir),
    clock,
    freshnessMs: config.evidence.freshnessMs,
    publicBaseUrl: config.publicBaseUrl,
    organisationName: config.organisationName,
  });
  const desks = createDesksService({ repo: createDesksRepository(db), audit: deps.audit, clock, log });
  const takedowns = createTakedownsService({
    repo: createTakedownsRepository(db),
    liveness,
    capture,
    rdap,
    bundles,
    desks,
    mailer: createMailer(config.mailOut),
    audit: deps.audit,
    clock,
    log,
    organisationName: config.organisationName,
    publicBaseUrl: config.publicBaseUrl,
  });
  const jobs = registerLivenessJobs(queue, liveness, clock);
  const urlEvidence = createUrlEvidence({ liveness, capture, rdap });
  return {
    fetcher,
    liveness,
    capture,
    rdap,
    takedowns,
    desks,
    evidence,
    bundles,
    urlEvidence,
    start: () => jobs.start(),
  };
}
