import type { BrandRegistry } from '../brands/brand-registry.ts';
import { createBrandsRepository } from '../brands/brands.repository.ts';
import { createCampaignsRepository } from '../campaigns/campaigns.repository.ts';
import { createCampaignsService } from '../campaigns/campaigns.service.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { IntakeAllowlist } from '../reports/observe-url.ts';
import type { Disclosure } from '../sharing/disclosure.ts';
import type { Db } from '../storage/database.ts';
import { createAllowlistRepository } from './allowlist.repository.ts';
import { createAllowlist, FRESH_MS } from './allowlist.service.ts';
import type { AuditRecorder } from './audit.ts';
import { createBulkVerdicts } from './bulk-verdicts.ts';
import { createQueuePriority } from './priority.ts';
import { createRuleFacts } from './rule-facts.ts';
import { createTriageRepository } from './triage.repository.ts';
import { createTriageService } from './triage.service.ts';
import { createVerdictsRepository } from './verdicts.repository.ts';

/**
 * Triage, the allowlist and campaigns, built together (a verdict groups URLs into campaigns in its own
 * transaction). The allowlist starts with every brand's official domains.
 */
export async function createTriageModule(deps: {
  db: Db;
  clock: Clock;
  brands: BrandRegistry;
  audit: AuditRecorder;
  disclosure: Disclosure;
  queue: JobQueue;
}) {
  const repo = createTriageRepository(deps.db);
  const allowlistRepo = createAllowlistRepository(deps.db);
  const allowlist = createAllowlist({ repo: allowlistRepo, clock: deps.clock, audit: deps.audit });
  await allowlist.syncOfficial(deps.brands.list());
  const campaigns = createCampaignsService({
    db: deps.db,
    repo: createCampaignsRepository(deps.db),
    clock: deps.clock,
    audit: deps.audit,
    disclosure: deps.disclosure,
  });
  const bulkVerdicts = createBulkVerdicts({
    db: deps.db,
    verdicts: createVerdictsRepository(),
    queue: deps.queue,
    audit: deps.audit,
    clock: deps.clock,
    allowlist,
    campaigns,
  });
  bulkVerdicts.registerJobs();
  const triage = createTriageService({
    db: deps.db,
    repo,
    allowlist,
    allowlistRepo,
    campaigns,
    brands: deps.brands,
    brandsRepo: createBrandsRepository(deps.db),
    audit: deps.audit,
    clock: deps.clock,
    disclosure: deps.disclosure,
    bulk: bulkVerdicts,
  });
  // Corrections made by another process (the web role) reach this one's brand registry within FRESH_MS.
  let hintsVersion = await repo.hintsVersion();
  let hintsCheckedAt = performance.now();
  const intake: IntakeAllowlist = {
    matches: allowlist.matches,
    async ensureFresh() {
      await allowlist.ensureFresh();
      if (performance.now() - hintsCheckedAt < FRESH_MS) return;
      hintsCheckedAt = performance.now();
      const version = await repo.hintsVersion();
      if (version === hintsVersion) return;
      hintsVersion = version;
      await deps.brands.reload();
    },
  };
  return {
    triage,
    campaigns,
    /** Set-based verdicts: confirmed sources' imports, bulk verdicts over a filter, triage rules. */
    bulkVerdicts,
    allowlist,
    /** Intake hook: the allowlist (and fresh brand hints) for report processing and feed imports. */
    intake,
    /** Intake hook: where the report processor keeps a report's subject, sender and text. */
    saveReportText: repo.saveText,
    /** For the triage rules: where they hand over what makes a URL high in the queue (priority.ts). */
    queuePriority: createQueuePriority(),
    /** For the triage rules: what triage knows of URLs, set-based. */
    ruleFacts: createRuleFacts({ db: deps.db, allowlist, brands: deps.brands }),
    /** For brand re-attribution: which URLs carry an analyst's brand correction. */
    correctedUrlIds: repo.correctedUrlIds,
    /** For emerging brands: the subject, sender and text kept for these reports. */
    reportTexts: repo.textsOf,
  };
}
