import type { Logger } from 'pino';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import { createCaptureRepository } from '../capture/capture.repository.ts';
import { createCaptureService } from '../capture/capture.service.ts';
import { createEvidenceStore } from '../capture/evidence-store.ts';
import type { Config } from '../config.ts';
import { createSafeFetcher, type Resolver } from '../fetch/safe-fetcher.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import { registerLivenessJobs } from '../liveness/liveness.jobs.ts';
import { createLivenessRepository } from '../liveness/liveness.repository.ts';
import { createLivenessService, DEFAULT_POLICY } from '../liveness/liveness.service.ts';
import { createRdapClient } from '../rdap/rdap.client.ts';
import type { Db } from '../storage/database.ts';
import { createMailer } from './mailer.ts';
import { createTakedownsRepository } from './takedowns.repository.ts';
import { createTakedownsService } from './takedowns.service.ts';

/**
 * Wiring of everything that touches phishing sites: the one safe fetcher, liveness checks (scheduled on
 * the queue), Chromium captures, RDAP and takedown cases. `resolve` replaces the system resolver (tests
 * give a table of names; production never sets it).
 */
export function createTakedownsModule(deps: {
  db: Db;
  config: Config;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  audit: { record(entry: AuditEntryInput): Promise<unknown> };
  resolve?: Resolver;
}) {
  const { db, config, queue, clock, log } = deps;
  const fetcher = createSafeFetcher({
    config: config.fetch,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  });
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
    fetcher,
    evidence,
    repo: createCaptureRepository(db),
    clock,
    log,
  });
  const rdap = createRdapClient({ db, config: config.rdap, clock, log });
  const takedowns = createTakedownsService({
    repo: createTakedownsRepository(db),
    liveness,
    capture,
    rdap,
    mailer: createMailer(config.mailOut),
    audit: deps.audit,
    clock,
    log,
    organisationName: config.organisationName,
    publicBaseUrl: config.publicBaseUrl,
  });
  const jobs = registerLivenessJobs(queue, liveness, clock);
  return { fetcher, liveness, capture, rdap, takedowns, evidence, start: () => jobs.start() };
}
