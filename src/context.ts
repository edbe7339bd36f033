import pino, { type Logger } from 'pino';
import { createAccountsService } from './accounts/accounts.service.ts';
import { passwordParams } from './accounts/passwords.ts';
import { createAlertsModule } from './alerts/alerts.module.ts';
import { createAppealsRepository } from './appeals/appeals.repository.ts';
import { createAppealsService } from './appeals/appeals.service.ts';
import { createArrival } from './arrival/arrival.jobs.ts';
import { createArrivalRepository } from './arrival/arrival.repository.ts';
import { createAuditLog } from './audit/audit.log.ts';
import { createBrandRegistry } from './brands/brand-registry.ts';
import { createBrandsRepository } from './brands/brands.repository.ts';
import { createBrandsService } from './brands/brands.service.ts';
import { createEmergingRepository } from './brands/emerging.repository.ts';
import { createEmergingBrands, EMERGING_JOB } from './brands/emerging.ts';
import { createReattribution, REATTRIBUTE_JOB } from './brands/reattribution.ts';
import { createRegistryRepository } from './brands/registry.repository.ts';
import { createBrowserPool } from './browser/browser-pool.ts';
import { createPdfRenderer } from './browser/pdf-renderer.ts';
import type { Config } from './config.ts';
import { registerFeedJobs } from './feeds/feeds.jobs.ts';
import { createFeedsService } from './feeds/feeds.service.ts';
import { createImportService } from './feeds/import.service.ts';
import { createOutbound } from './fetch/outbound.ts';
import type { Resolver } from './fetch/safe-fetcher.ts';
import { createPgBossQueue } from './jobs/pgboss-queue.ts';
import type { JobQueue } from './jobs/queue.ts';
import { createTableQueue } from './jobs/table-queue.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { createMailer as createNoticeMailer } from './notify/mailer.ts';
import { createOutcomeRepository } from './outcome/outcome.repository.ts';
import { createOutcomeService } from './outcome/outcome.service.ts';
import { createEmergingSourcesRepository } from './reports/emerging.repository.ts';
import { createIngestRepository } from './reports/ingest.repository.ts';
import { createIntakeService, PROCESS_REPORT_JOB } from './reports/intake.service.ts';
import { createReportProcessor } from './reports/process-report.ts';
import { createReattributionRepository } from './reports/reattribution.repository.ts';
import { createReportsRepository } from './reports/reports.repository.ts';
import { createRulesRepository } from './rules/rules.repository.ts';
import { createRulesService } from './rules/rules.service.ts';
import { createDisclosure } from './sharing/disclosure.ts';
import { createSharingModule } from './sharing/sharing.module.ts';
import { createSourcesRepository } from './sources/sources.repository.ts';
import { createSourcesService } from './sources/sources.service.ts';
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
  await migrateToLatest(db, (p) => log.info(p, 'migration progress'));
  // The one outbound guard: every request phishdesk makes goes through it (off until OUTBOUND_ENABLED).
  const outbound = createOutbound({
    config: config.fetch,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  // Shared browsers, never one per request: documents (our own HTML to PDF) apart from captures
  // (hostile pages), each with a bounded number of pages at once and a bounded queue.
  const browsers = { documents: createBrowserPool(config), captures: createBrowserPool(config) };
  const pdf = createPdfRenderer({ pool: browsers.documents, cacheBytes: config.browser.pdfCacheBytes });
  const sources = createSourcesRepository(db);
  const audit = createAuditLog(db, clock);
  const accounts = createAccountsService({
    db,
    clock,
    audit,
    passwordParams: passwordParams(config.passwords.hashCost),
  });
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
  // A batch's arrival job is enqueued on the batch's own transaction (PostgreSQL; SQLite writes the row).
  const ingest = createIngestRepository(db, {
    enqueue: (trx, name, payload) => queue.send(name, payload, { trx }),
  });
  const brands = await createBrandRegistry({ repo: createBrandsRepository(db), now: () => clock.now(), log });
  // Every process (web, workers, CLI) follows registry changes made elsewhere.
  brands.startPolling();
  // The one rule for what leaves phishdesk to whom (every read path takes it from here).
  const disclosure = createDisclosure({ unmarkedDefault: config.sharing.defaultTlp });
  const triageModule = await createTriageModule({ db, clock, brands, audit, disclosure, queue });
  const registryRepo = createRegistryRepository(db);
  const brandsService = createBrandsService({
    registry: brands,
    repo: registryRepo,
    queue,
    audit,
    clock,
    afterChange: async () => {
      await triageModule.allowlist.syncOfficial(brands.list());
    },
  });
  const reattribution = createReattribution({
    registry: brands,
    runs: registryRepo,
    targets: createReattributionRepository(db),
    correctedUrlIds: triageModule.correctedUrlIds,
    clock,
    log,
  });
  queue.work<{ runId: number }>(REATTRIBUTE_JOB, async ({ runId }) => {
    await reattribution.run(runId);
  });
  const emerging = createEmergingBrands({
    registry: brands,
    repo: createEmergingRepository(db),
    sources: createEmergingSourcesRepository(db),
    reportTexts: triageModule.reportTexts,
    queue,
    clock,
    log,
  });
  queue.work<{ runId: number }>(EMERGING_JOB, async ({ runId }) => {
    await emerging.run(runId);
  });
  const { allowlist } = triageModule;
  const takedownsModule = createTakedownsModule({
    db,
    config,
    queue,
    clock,
    log,
    audit,
    outbound,
    browser: browsers.captures,
  });
  const arrival = createArrival({
    db,
    repo: createArrivalRepository(db),
    queue,
    clock,
    log,
    config: { ...config.arrival, outboundEnabled: config.fetch.enabled },
    check: async (urlId) => (await takedownsModule.liveness.checkNow(urlId)).check,
    capture: (urlId) => takedownsModule.takedowns.captureUrl(urlId, { mobile: true }),
  });
  arrival.register();
  const imports = createImportService({
    ingest,
    sources,
    brands,
    clock,
    fieldLimits: config.fieldLimits,
    allowlist: triageModule.intake,
    confirmFromSource: triageModule.bulkVerdicts.confirmFromSource,
    newUrlsJob: (source) => arrival.jobFor(source.trust),
    afterBatch: (_source, urlHashes) => rules.enqueueHashes(urlHashes),
  });
  const sourcesService = createSourcesService({ repo: sources, db, audit, clock });
  // Outcome back to the reporter (issue 16 step 5): the status page and the one e-mail.
  const outcome = createOutcomeService({
    repo: createOutcomeRepository(db),
    reports,
    cases: takedownsModule.takedowns,
    mailer: createNoticeMailer(config.mailOut),
    queue,
    clock,
    log,
    publicBaseUrl: config.publicBaseUrl,
    organisationName: config.organisationName,
  });
  outcome.registerJobs();
  const intake = createIntakeService({
    db,
    reports,
    sources,
    queue,
    clock,
    log,
    fieldLimits: config.fieldLimits,
    outcomeConsent: outcome.register,
  });
  const processReport = createReportProcessor({
    reports,
    ingest,
    brands,
    log,
    allowlist: triageModule.intake,
    saveText: triageModule.saveReportText,
    afterProcessed: async (sourceId, urlHashes) => {
      const source = await sources.byId(sourceId);
      if (source?.trust === 'confirmed') await triageModule.bulkVerdicts.confirmFromSource(source, urlHashes);
      else await rules.enqueueHashes(urlHashes);
    },
    newUrlsJob: arrival.active
      ? async (sourceId) => arrival.jobFor(await sources.trustOf(sourceId))
      : undefined,
  });
  const feeds = createFeedsService({ db, imports, clock, log, outbound });
  const feedJobs = registerFeedJobs(queue, feeds, clock);
  const sharingModule = createSharingModule({
    db,
    config,
    clock,
    log,
    audit,
    queue,
    allowlist,
    sourceLabels: reports.sourceLabels,
    disclosure,
    outbound,
  });
  const { sharing } = sharingModule;
  // Appeals: an upheld one sets its listed URLs benign through triage's verdicts; sharing follows.
  const appeals = createAppealsService({
    db,
    repo: createAppealsRepository(db),
    listed: sharing.listedMatching,
    afterRemoval: async () => {
      await sharing.sync();
      await sharing.checker.refresh();
    },
    verdicts: triageModule.bulkVerdicts,
    audit,
    clock,
    deadlineMs: config.appeals.deadlineMs,
  });
  // Triage rules: evaluated by job when a URL gets new evidence (intake, import, liveness, capture).
  const rules = createRulesService({
    db,
    repo: createRulesRepository(db),
    facts: {
      triage: triageModule.ruleFacts,
      liveness: takedownsModule.liveness,
      capture: takedownsModule.capture,
    },
    bulk: triageModule.bulkVerdicts,
    queuePriority: triageModule.queuePriority,
    queue,
    audit,
    clock,
    log,
  });
  rules.registerJobs();
  await rules.seedDefault();
  takedownsModule.liveness.onCheck(async (check) => rules.enqueue([check.url_id]));
  // A live check re-verifies the URL's listing (LISTING_TTL_DAYS).
  takedownsModule.liveness.onCheck(async (check) => {
    if (check.result === 'live') await sharing.markVerified(check.url_id, check.checked_at);
  });
  takedownsModule.capture.onCaptured(async (urlId) => rules.enqueue([urlId]));
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
    outbound,
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
    brandsService,
    reattribution,
    emerging,
    imports,
    sources: sourcesService,
    intake,
    processReport,
    feeds,
    sharing,
    disclosure,
    sharingPortal: sharingModule,
    triage: triageModule.triage,
    rules,
    verdictCounts: triageModule.ruleFacts.verdictCounts,
    campaigns: triageModule.campaigns,
    allowlist,
    alerts: alertsModule.alerts,
    notify: alertsModule.notify,
    outbound,
    browsers,
    pdf,
    fetcher: takedownsModule.fetcher,
    liveness: takedownsModule.liveness,
    capture: takedownsModule.capture,
    rdap: takedownsModule.rdap,
    urlEvidence: takedownsModule.urlEvidence,
    takedowns: takedownsModule.takedowns,
    takedownDesks: takedownsModule.desks,
    arrival,
    evidenceBundles: takedownsModule.bundles,
    awareness: alertsModule.awareness,
    victim: alertsModule.victim,
    appeals,
    outcome,
    /** Worker roles: start claiming jobs and keep the feed schedule running. */
    async startWorkers() {
      await queue.start();
      await feedJobs.start();
      await sharingModule.start();
      await alertsModule.start();
      await takedownsModule.start();
      await outcome.start();
    },
    async close() {
      brands.stopPolling();
      await queue.stop();
      await Promise.all([browsers.documents.close(), browsers.captures.close()]);
      await db.close();
    },
  };
}

export type AppContext = Awaited<ReturnType<typeof createContext>>;
