import type { Kysely } from 'kysely';
import { brandScope, isStaff, type Principal } from '../accounts/principal.ts';
import type { BrandRegistry } from '../brands/brand-registry.ts';
import type { BrandsRepository } from '../brands/brands.repository.ts';
import type { CampaignsService, Viewer } from '../campaigns/campaigns.service.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { TLP_LEVELS, tlpPermits } from '../lib/tlp.ts';
import type { Disclosure } from '../sharing/disclosure.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { AllowlistRepository } from './allowlist.repository.ts';
import { type Allowlist, type AllowlistEntry, toAllowlistEntry } from './allowlist.service.ts';
import type { AuditRecorder } from './audit.ts';
import type { BulkVerdicts } from './bulk-verdicts.ts';
import {
  decodeCursor,
  decodeQueueCursor,
  encodeCursor,
  encodeQueueCursor,
  parseBound,
  type QueueSort,
} from './cursor.ts';
import { openPlatformZone } from './open-platforms.ts';
import { parseReasons, type QueuePriority } from './priority.ts';
import { canTransition, requireReason, type Verdict } from './transitions.ts';
import type { TriageRepository, UrlFilter } from './triage.repository.ts';
import { type BrandRef, toUrlSummary, type UrlStatus, type UrlSummary } from './url-summary.ts';

export type UrlFilterQuery = {
  status?: string[];
  brand?: number | 'none';
  source?: number;
  tld?: string;
  feature?: string;
  from?: string;
  to?: string;
  q?: string;
};

export type UrlQueueQuery = UrlFilterQuery & { cursor?: string; limit: number; sort?: QueueSort };

/** A queue item; staff see why it is where it is in the queue (brand users get no `priority`). */
export type QueueItem = UrlSummary & { priority?: QueuePriority };

/**
 * The order when none is asked for: the staff's queue of `new` URLs (the console's default view) by
 * priority; every other view newest first, as before.
 */
export function defaultSort(viewer: Viewer, statuses: readonly string[] | undefined): QueueSort {
  const work = statuses?.length === 1 && statuses[0] === 'new';
  return work && isStaff(viewer as Principal) ? 'priority' : 'newest';
}

/** A bulk verdict over a whole filter: at most this many URLs at once. */
export const MAX_FILTER_BULK = 100_000;

export type ReportRef = {
  id: number;
  externalId: string;
  kind: string;
  status: string;
  source: { id: number; name: string; kind: string };
  receivedAt: string;
  reportedAt: string;
  brandLabel: string | null;
  tlp: string | null;
  subject: string | null;
  sender: string | null;
  text: string | null;
};

export type UrlDetail = UrlSummary & {
  scheme: string;
  path: string;
  threat: string;
  brandEvidence: string[];
  allowlisted: AllowlistEntry | null;
  campaign: { id: number; name: string; status: string } | null;
  reports: ReportRef[];
  reportsTotal: number;
  sources: { id: number; name: string; kind: string; reports: number }[];
};

/** How many related URLs of each kind the URL page lists. */
export const RELATED_URLS = 20;

export type RelatedUrls = {
  host: string;
  domain: string | null;
  campaign: UrlDetail['campaign'];
  sameHost: { items: UrlSummary[]; total: number };
  sameDomain: { items: UrlSummary[]; total: number };
  sameCampaign: { items: UrlSummary[]; total: number };
};

export type HistoryItem = {
  kind: 'verdict' | 'brand_correction' | 'audit';
  at: string;
  actor: { id: number; name: string | null } | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  action?: string;
  /** Set when no person decided: a confirmed source's import, or a triage rule (with its evidence). */
  automatic?: AutomaticBasis;
};

export type AutomaticBasis = {
  basis: 'source' | 'rule';
  sourceId: number | null;
  ruleSetId: number | null;
  ruleVersion: number | null;
  ruleId: string | null;
  evidence: unknown;
};

function automaticOf(v: {
  basis: string | null;
  source_id: number | null;
  rule_set_id: number | null;
  rule_version: number | null;
  rule_id: string | null;
  evidence: string | null;
}): AutomaticBasis | undefined {
  if (v.basis !== 'source' && v.basis !== 'rule') return undefined;
  let evidence: unknown = null;
  try {
    evidence = v.evidence ? JSON.parse(v.evidence) : null;
  } catch {
    evidence = v.evidence;
  }
  return {
    basis: v.basis,
    sourceId: v.source_id === null ? null : Number(v.source_id),
    ruleSetId: v.rule_set_id === null ? null : Number(v.rule_set_id),
    ruleVersion: v.rule_version,
    ruleId: v.rule_id,
    evidence,
  };
}

export type VerdictOutcome = { id: number; from: UrlStatus; to: UrlStatus; campaignId: number | null };

const MAX_BULK = 500;
const URL_PAGE_REPORTS = 200;
/** Features whose registrable domain belongs to a platform, not to the attacker: no domain-wide hint. */
const SHARED_PLATFORM = ['short_url', 'open_redirect', 'cloud_hosting', 'free_hosting', 'ip_host'];
/** Hosts that serve many unrelated customers: a benign verdict must not allowlist them. */
const SHARED_ZONES = ['short_url', 'open_redirect', 'cloud_hosting', 'free_hosting', 'dynamic_dns'];

type ReportRow = Awaited<ReturnType<TriageRepository['reportsOf']>>['rows'][number];

function toReportRef(r: ReportRow): ReportRef {
  return {
    id: r.id,
    externalId: r.external_id,
    kind: r.kind,
    status: r.status,
    source: { id: r.source_id, name: r.source_name, kind: r.source_kind },
    receivedAt: new Date(r.received_at).toISOString(),
    reportedAt: new Date(r.reported_at).toISOString(),
    brandLabel: r.brand_label,
    tlp: r.tlp,
    subject: r.subject,
    sender: r.sender,
    text: r.body ? r.body.slice(0, 2000) : null,
  };
}

function parseEvidence(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [String(v)];
  } catch {
    return [json];
  }
}

function actorId(p: Principal | null): number | null {
  return p && p.userId > 0 ? p.userId : null;
}

/** Marks a brand user may read: none when the principal is staff (null = no restriction). */
function tlpFilter(viewer: Viewer): string[] | null {
  return brandScope(viewer as Principal) === null
    ? null
    : TLP_LEVELS.filter((t) => tlpPermits(viewer.tlpClearance, t));
}

/**
 * Triage: the queue of new URLs and reports, verdicts with their history, the URL page and brand
 * corrections. Every change is audited in the transaction that makes it.
 */
export function createTriageService(deps: {
  db: Db;
  repo: TriageRepository;
  allowlist: Allowlist;
  allowlistRepo: AllowlistRepository;
  campaigns: CampaignsService;
  brands: BrandRegistry;
  brandsRepo: BrandsRepository;
  audit: AuditRecorder;
  clock: Clock;
  disclosure: Disclosure;
  bulk: BulkVerdicts;
}) {
  const { repo } = deps;
  /** The viewer's condition on URLs (src/sharing/disclosure.ts): confirmed, cleared, their brands. */
  const disclosed = (viewer: Viewer) => deps.disclosure.urlFilter('u', deps.disclosure.audienceOf(viewer));

  function assertVisible(viewer: Viewer, brandId: number | null) {
    const scope = brandScope(viewer as Principal);
    if (scope !== null && (brandId === null || !scope.includes(brandId)))
      throw new AppError('not_found', 'no such URL');
  }

  /** The queue's conditions for this viewer (a brand user: their brands, no source filter). */
  function urlFilter(viewer: Viewer, query: UrlFilterQuery): UrlFilter {
    return {
      statuses: query.status,
      brand: query.brand,
      scope: brandScope(viewer as Principal),
      sourceId: isStaff(viewer as Principal) ? query.source : undefined,
      tld: query.tld,
      feature: query.feature,
      from: parseBound(query.from),
      to: parseBound(query.to, true),
      search: query.q,
      searchTlps: tlpFilter(viewer),
      disclosed: disclosed(viewer),
    };
  }

  async function getUrl(id: number, viewer: Viewer): Promise<UrlDetail> {
    const row = await repo.urlSummary(id, undefined, disclosed(viewer));
    if (!row) throw new AppError('not_found', 'no such URL');
    assertVisible(viewer, row.brand_id);
    const facts = (await repo.urlFacts(id))!;
    const tlps = tlpFilter(viewer);
    const [{ rows, total }, sources, campaign] = await Promise.all([
      repo.reportsOf(id, tlps, URL_PAGE_REPORTS),
      repo.sourcesOf(id, tlps),
      row.campaign_id === null ? Promise.resolve(null) : deps.campaigns.summary(row.campaign_id, viewer),
    ]);
    const entryId = deps.allowlist.match(row.host, facts.path);
    const entry = entryId === null ? undefined : await deps.allowlistRepo.get(entryId);
    return {
      ...toUrlSummary(row),
      scheme: facts.scheme,
      path: facts.path,
      threat: facts.threat,
      brandEvidence: parseEvidence(facts.brand_evidence),
      allowlisted: entry ? toAllowlistEntry(entry) : null,
      campaign: campaign ? { id: campaign.id, name: campaign.name, status: campaign.status } : null,
      reports: rows.map(toReportRef),
      reportsTotal: total,
      sources,
    };
  }

  async function applyVerdicts(
    trx: Kysely<Database>,
    principal: Principal,
    ids: number[],
    status: Verdict,
    reason: string,
  ): Promise<VerdictOutcome[]> {
    const rows = await repo.statusesOf(trx, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new AppError('not_found', `no such URL: ${missing.slice(0, 20).join(', ')}`, { ids: missing });
    const invalid = ids.filter((id) => !canTransition(byId.get(id)!.status, status));
    if (invalid.length > 0)
      throw new AppError(
        'triage.invalid_transition',
        `cannot set ${status} on ${invalid.length} URL(s) (${invalid
          .slice(0, 5)
          .map((id) => `${id}: ${byId.get(id)!.status}`)
          .join(', ')})`,
        { ids: invalid },
      );
    const at = deps.clock.now();
    const out: VerdictOutcome[] = [];
    for (const id of ids) {
      const from = byId.get(id)!.status;
      if (!(await repo.setStatus(trx, id, from, status)))
        throw new AppError('triage.invalid_transition', `URL ${id} changed meanwhile; reload it`, {
          ids: [id],
        });
      await repo.addVerdict(trx, { urlId: id, from, to: status, reason, actorId: actorId(principal), at });
      let campaignId: number | null = null;
      if (status === 'confirmed') campaignId = await deps.campaigns.assignConfirmed(trx, id);
      else if (from === 'confirmed') await deps.campaigns.detach(trx, id);
      await deps.audit.record(
        {
          principal,
          action: 'url.verdict',
          entity: 'url',
          entityId: id,
          before: { status: from },
          after: { status, reason, campaignId },
        },
        trx,
      );
      out.push({ id, from: from as UrlStatus, to: status, campaignId });
    }
    return out;
  }

  async function allowlistHosts(
    trx: Kysely<Database>,
    principal: Principal,
    ids: number[],
    scope: 'host' | 'domain',
    reason: string,
  ) {
    for (const id of ids) {
      const f = (await repo.urlFacts(id, trx))!;
      // A shortener's, redirector's or hosting platform's name covers everyone else's phishing too.
      if (f.features.split(',').some((x) => SHARED_ZONES.includes(x)))
        throw new AppError(
          'request.invalid',
          `${f.host} is a shared platform (${f.features}): allowlist nothing for it, or add a precise entry by hand`,
        );
      const value = scope === 'domain' ? (f.domain ?? f.host) : f.host;
      const kind = scope === 'domain' && f.domain ? 'domain' : 'host';
      const zone = openPlatformZone(f.host) ?? openPlatformZone(value);
      if (zone !== null)
        throw new AppError(
          'allowlist.open_platform',
          `${f.host} is on ${zone}, where anyone can publish: allowlist a page of it by hand, never the host`,
          { zone },
        );
      const existing = await trx
        .selectFrom('allowlist')
        .select('id')
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
      if (existing) continue;
      const row = await deps.allowlistRepo.add(
        {
          kind,
          value,
          reason,
          source: 'analyst',
          brand_id: f.brand_id,
          added_by: actorId(principal),
          at: deps.clock.now(),
        },
        trx,
      );
      await deps.audit.record(
        {
          principal,
          action: 'allowlist.add',
          entity: 'allowlist',
          entityId: row.id,
          after: toAllowlistEntry(row),
        },
        trx,
      );
    }
  }

  return {
    getUrl,

    async listUrls(
      viewer: Viewer,
      query: UrlQueueQuery,
    ): Promise<{ items: QueueItem[]; nextCursor: string | null; sort: QueueSort }> {
      const sort = query.sort ?? defaultSort(viewer, query.status);
      const { rows, resumeAt } = await repo.listUrls({
        ...urlFilter(viewer, query),
        sort,
        cursor: decodeQueueCursor(query.cursor, sort),
        limit: query.limit,
      });
      const staff = isStaff(viewer as Principal);
      const last = rows[rows.length - 1];
      const end =
        rows.length === query.limit && last
          ? { t: last.first_seen, id: last.id, p: last.priority }
          : resumeAt;
      return {
        items: rows.map((r) => {
          const item: QueueItem = toUrlSummary(r);
          if (staff) item.priority = { score: r.priority, reasons: parseReasons(r.priority_reasons) };
          return item;
        }),
        nextCursor: end ? encodeQueueCursor(sort, end) : null,
        sort,
      };
    },

    /** How many URLs the queue's filter matches for this viewer. */
    async countUrls(viewer: Viewer, query: UrlFilterQuery): Promise<number> {
      return repo.countUrls(urlFilter(viewer, query));
    },

    /**
     * One verdict on every URL the filter matches, not only a page. The caller confirms the count it was
     * shown (`expectedCount`): if the filter matches a different number now, nothing changes (409
     * triage.count_mismatch with the current count). All or nothing; campaign grouping is enqueued.
     */
    async setVerdictsByFilter(
      principal: Principal,
      input: { filter: UrlFilterQuery; status: Verdict; reason: string; expectedCount: number },
    ): Promise<{ updated: number; from: Record<string, number> }> {
      const reason = requireReason(input.reason);
      const filter = urlFilter(principal, input.filter);
      return deps.db.kysely.transaction().execute(async (trx) => {
        const rows = await repo.urlIdsMatching(filter, MAX_FILTER_BULK, trx);
        if (rows.length > MAX_FILTER_BULK)
          throw new AppError(
            'triage.too_many',
            `the filter matches more than ${MAX_FILTER_BULK} URLs; narrow it (for example by period)`,
          );
        if (rows.length !== input.expectedCount)
          throw new AppError(
            'triage.count_mismatch',
            `the filter now matches ${rows.length} URLs, not ${input.expectedCount}; check the count again`,
            { count: rows.length },
          );
        const invalid = rows.filter((r) => !canTransition(r.status, input.status));
        if (invalid.length > 0)
          throw new AppError(
            'triage.invalid_transition',
            `cannot set ${input.status} on ${invalid.length} URL(s) of the filter (${invalid
              .slice(0, 5)
              .map((r) => `${r.id}: ${r.status}`)
              .join(', ')}); narrow the filter by status`,
            { ids: invalid.slice(0, 100).map((r) => r.id) },
          );
        const ids = await deps.bulk.apply(
          trx,
          rows.map((r) => ({ id: r.id, from: r.status })),
          input.status,
          { reason, actorId: actorId(principal) },
        );
        if (ids.length !== rows.length)
          throw new AppError('triage.invalid_transition', 'some URLs changed meanwhile; count again');
        const from: Record<string, number> = {};
        for (const r of rows) from[r.status] = (from[r.status] ?? 0) + 1;
        await deps.bulk.auditBulk(trx, principal, {
          status: input.status,
          reason,
          count: ids.length,
          from,
          filter: input.filter,
          sample: ids.slice(0, 20),
        });
        return { updated: ids.length, from };
      });
    },

    async listReports(query: {
      kind?: string;
      status?: string;
      brand?: number | 'none';
      source?: number;
      from?: string;
      to?: string;
      q?: string;
      cursor?: string;
      limit: number;
    }) {
      const rows = await repo.listReports({
        kind: query.kind,
        status: query.status,
        brand: query.brand,
        sourceId: query.source,
        from: parseBound(query.from),
        to: parseBound(query.to, true),
        search: query.q,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const last = rows[rows.length - 1];
      return {
        items: rows.map((r) => ({ ...toReportRef(r), brandId: r.brand_id, urlCount: r.url_count })),
        nextCursor: rows.length === query.limit && last ? encodeCursor(last.received_at, last.id) : null,
      };
    },

    async filters(viewer: Viewer) {
      const scope = brandScope(viewer as Principal);
      const brands: BrandRef[] = deps.brands
        .list()
        .filter((b) => scope === null || scope.includes(b.id))
        .map((b) => ({ id: b.id, slug: b.slug, nameJa: b.nameJa, nameEn: b.nameEn }));
      return { sources: scope === null ? await repo.sources() : [], brands };
    },

    /** Sets one verdict on many URLs, all or nothing. */
    async setVerdicts(
      principal: Principal,
      input: { ids: number[]; status: Verdict; reason: string; allowlist?: { scope: 'host' | 'domain' } },
    ): Promise<VerdictOutcome[]> {
      const reason = requireReason(input.reason);
      const ids = [...new Set(input.ids)];
      if (ids.length === 0 || ids.length > MAX_BULK)
        throw new AppError('request.invalid', `give between 1 and ${MAX_BULK} URL ids`);
      if (input.allowlist && input.status !== 'benign')
        throw new AppError('request.invalid', 'only a benign verdict can add to the allowlist');
      const out = await deps.db.kysely.transaction().execute(async (trx) => {
        const done = await applyVerdicts(trx, principal, ids, input.status, reason);
        if (input.allowlist) await allowlistHosts(trx, principal, ids, input.allowlist.scope, reason);
        return done;
      });
      if (input.allowlist) await deps.allowlist.reload();
      return out;
    },

    /**
     * An analyst's brand for a URL: stored, audited, and taught to the brand registry (the host, and the
     * registrable domain unless it is a shared platform's; report labels that resolved to no brand become
     * aliases). A confirmed URL moves to a campaign of its new brand.
     */
    async correctBrand(
      principal: Principal,
      urlId: number,
      brandId: number,
      reasonInput: string,
    ): Promise<UrlDetail> {
      const reason = requireReason(reasonInput);
      const brand = deps.brands.list().find((b) => b.id === brandId);
      if (!brand) throw new AppError('request.invalid', `no brand with id ${brandId}`);
      const at = deps.clock.now();
      const { facts, correctionId } = await deps.db.kysely.transaction().execute(async (trx) => {
        const facts = await repo.urlFacts(urlId, trx);
        if (!facts) throw new AppError('not_found', 'no such URL');
        const correctionId = await repo.addCorrection(trx, {
          urlId,
          fromBrandId: facts.brand_id,
          toBrandId: brandId,
          reason,
          actorId: actorId(principal),
          at,
        });
        await repo.setBrand(trx, urlId, brandId, [`analyst correction: ${reason}`]);
        if (facts.status === 'confirmed' && facts.brand_id !== brandId) {
          await deps.campaigns.detach(trx, urlId);
          await deps.campaigns.assignConfirmed(trx, urlId);
        }
        await deps.audit.record(
          {
            principal,
            action: 'url.brand',
            entity: 'url',
            entityId: urlId,
            before: { brandId: facts.brand_id, confidence: facts.brand_confidence },
            after: { brandId, reason },
          },
          trx,
        );
        return { facts, correctionId };
      });
      // Feedback to the registry, after the commit (the registry reads outside the transaction).
      const features = facts.features ? facts.features.split(',') : [];
      await deps.brandsRepo.upsertHint({ brandId, kind: 'host', value: facts.host, correctionId }, at);
      if (facts.domain && facts.domain !== facts.host && !features.some((f) => SHARED_PLATFORM.includes(f)))
        await deps.brandsRepo.upsertHint({ brandId, kind: 'domain', value: facts.domain, correctionId }, at);
      for (const label of await repo.labelsOf(urlId)) {
        if (!deps.brands.resolveLabel(label)) await deps.brandsRepo.addAlias(brandId, label);
      }
      await deps.brands.reload();
      return getUrl(urlId, principal);
    },

    /** Other URLs on the same host, on other hosts of the same registrable domain, and in the same campaign. */
    async relatedUrls(id: number, viewer: Viewer): Promise<RelatedUrls> {
      const detail = await getUrl(id, viewer);
      const keys = (await repo.urlKeys(id))!;
      const url = {
        id,
        hostId: Number(keys.host_id),
        domainId: keys.domain_id === null ? null : Number(keys.domain_id),
        campaignId: keys.campaign_id === null ? null : Number(keys.campaign_id),
      };
      const scope = brandScope(viewer as Principal);
      const group = async (by: 'host' | 'domain' | 'campaign') => {
        const { rows, total } = await repo.relatedUrls(url, by, RELATED_URLS, disclosed(viewer));
        const visible =
          scope === null ? rows : rows.filter((r) => r.brand_id !== null && scope.includes(r.brand_id));
        return { items: visible.map(toUrlSummary), total: scope === null ? total : visible.length };
      };
      const [sameHost, sameDomain, sameCampaign] = await Promise.all([
        group('host'),
        group('domain'),
        group('campaign'),
      ]);
      return {
        host: detail.host,
        domain: detail.domain,
        campaign: detail.campaign,
        sameHost,
        sameDomain,
        sameCampaign,
      };
    },

    async history(urlId: number, viewer: Viewer): Promise<HistoryItem[]> {
      const row = await repo.urlSummary(urlId, undefined, disclosed(viewer));
      if (!row) throw new AppError('not_found', 'no such URL');
      assertVisible(viewer, row.brand_id);
      const staff = brandScope(viewer as Principal) === null;
      const actor = (id: number | null) => (staff && id !== null ? { id, name: null } : null);
      const items: (HistoryItem & { t: number })[] = [];
      for (const v of await repo.verdicts(urlId)) {
        const automatic = automaticOf(v);
        items.push({
          kind: 'verdict',
          t: v.at,
          at: '',
          actor: actor(v.actor_id),
          from: v.from_status,
          to: v.to_status,
          reason: v.reason,
          ...(automatic ? { automatic } : {}),
        });
      }
      for (const c of await repo.corrections(urlId))
        items.push({
          kind: 'brand_correction',
          t: c.at,
          at: '',
          actor: actor(c.actor_id),
          from: c.from_slug,
          to: c.to_slug,
          reason: c.reason,
        });
      if (staff && deps.audit.list) {
        // Other audited changes of this URL (verdicts and corrections are listed above already).
        for (const e of await deps.audit.list({ entity: 'url', entityId: urlId, limit: 200 })) {
          if (e.action === 'url.verdict' || e.action === 'url.brand') continue;
          items.push({
            kind: 'audit',
            t: e.at,
            at: '',
            actor: actor(e.actorUserId),
            from: null,
            to: null,
            reason: null,
            action: e.action,
          });
        }
      }
      return items
        .sort((a, b) => a.t - b.t)
        .map(({ t, ...item }) => ({ ...item, at: new Date(t).toISOString() }));
    },
  };
}

export type TriageService = ReturnType<typeof createTriageService>;
