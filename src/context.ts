import pino, { type Logger } from 'pino';
import { createAccountsService } from './accounts/accounts.service.ts';
import { createAlertsModule } from './alerts/alerts.module.ts';
import { createAuditLog } from './audit/audit.log.ts';
import { createBrandRegistry } from './brands/brand-registry.ts';
import { createBrandsRepository } from './brands/brands.repository.ts';
import type { Config } from './config.ts';
import { registerFeedJobs } from './feeds/feeds.jobs.ts';
import { createFeedsService } from './feeds/feeds.service.ts';
import { createImportService } from './feeds/import.service.ts';
import type { Resolver } from './fetch/safe-fetcher.ts';
import { createPgBossQueue } from './jobs/pgboss-queue.ts';
import type { JobQueue } from './jobs/queue.ts';
import { createTableQueue } from './jobs/table-queue.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { createIngestRepository } from './reports/ingest.repository.ts';
import { createIntakeService, PROCESS_REPORT_JOB } from './reports/intake.service.ts';
import { createReportProcessor } from './reports/process-report.ts';
import { createReportsRepository } from './reports/reports.repository.ts';
import { createSharingModule } from './sharing/sharing.module.ts';
import { createSourcesRepository } from './sources/sources.repository.ts';
import { type Db, openDatabase } from './storage/database.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { createTakedownsModule } from './takedowns/takedowns.module.ts';
import { createTriageModule } from './triage/triage.module.ts';

/** Composition root: everything a process needs, built once, passed explicitly. */
export async function createContext(
  config: Config,
  options: { clock?: Clock; log?: Logger; db?: Db; queue?: JobQueue; resolve?: Resolver } = {},
) {
  const log = options.log ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase(config.database);
  await migrateToLatest(db);
  const sources = createSourcesRepository(db);
  const audit = createAuditLog(db, clock);
  const accounts = createAccountsService({ db, clock, audit });
  const ingest = createIngestRepository(db);
  const reports = createReportsRepository(db);
  // Embedded: the jobs table in the same database. PostgreSQL: pg-boss, so web and worker processes on
  // several machines share one queue.
  const queue =
    options.queue ??
    (config.database.kind === 'postgres'
      ? createPgBossQueue({
          db,
          connectionString: config.database.url,
          schema: config.jobs.schema,
          expireInSeconds: config.jobs.expireInSeconds,
          maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
          clock,
          log,
        })
      : createTableQueue({ db, clock, log }));
  const brands = await createBrandRegistry({ repo: createBrandsRepository(db), now: () => clock.now() });
  const triageModule = await createTriageModule({ db, clock, brands, audit });
  const { allowlist } = triageModule;
  const imports = createImportService({ ingest, sources, brands, clock, allowlist: triageModule.intake });
  const intake = createIntakeService({ db, reports, sources, queue, clock, log });
  const processReport = createReportProcessor({
    reports,
    ingest,
    brands,
    log,
    allowlist: triageModule.intake,
    saveText: triageModule.saveReportText,
  });
  const feeds = createFeedsService({ db, imports, clock, log });
  const feedJobs = registerFeedJobs(queue, feeds, clock);
  const sharingModule = createSharingModule({ db, config, clock, log, audit, queue, allowlist });
  const { sharing } = sharingModule;
  const takedownsModule = createTakedownsModule({
    db,
    config,
    queue,
    clock,
    log,
    audit,
    resolve: options.resolve,
  });
  const alertsModule = createAlertsModule({
    db,
    config,
    queue,
    clock,
    log,
    brands,
    audit,
    intake,
    campaigns: triageModule.campaigns,
    captures: takedownsModule.capture,
    takedowns: takedownsModule.takedowns,
  });

  // Handlers are registered in every role; only worker/all roles start claiming jobs.
  queue.work<{ reportId: number }>(PROCESS_REPORT_JOB, async ({ reportId }) => {
    await processReport(reportId);
  });

  return {
    config,
    log,
    clock,
    db,
    queue,
    repos: { sources, ingest, reports },
    audit,
    accounts,
    brands,
    imports,
    intake,
    processReport,
    feeds,
    sharing,
    sharingPortal: sharingModule,
    triage: triageModule.triage,
    campaigns: triageModule.campaigns,
    allowlist,
    alerts: alertsModule.alerts,
    notify: alertsModule.notify,
    fetcher: takedownsModule.fetcher,
    liveness: takedownsModule.liveness,
    capture: takedownsModule.capture,
    rdap: takedownsModule.rdap,
    takedowns: takedownsModule.takedowns,
    awareness: alertsModule.awareness,
    victim: alertsModule.victim,
    /** Worker roles: start claiming jobs and keep the feed schedule running. */
    async startWorkers() {
      await queue.start();
      await feedJobs.start();
      await sharingModule.start();
      await alertsModule.start();
      await takedownsModule.start();
    },
    async close() {
      await queue.stop();
      await db.close();
    },
  };
}

export type AppContext = Awaited<ReturnType<typeof createContext>>;
