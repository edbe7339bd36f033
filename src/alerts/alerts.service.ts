import { createHash } from 'node:crypto';
import type { Principal } from '../accounts/principal.ts';
import type { BrandRegistry } from '../brands/brand-registry.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { AlertNotification, NotificationEvent } from '../notify/notify.service.ts';
import { maskUrl } from '../urls/defang.ts';
import {
  type Alert,
  type AlertAction,
  type AlertContent,
  alertSlug,
  alertTitles,
  jstDay,
  nextStatus,
  PUBLIC_STATUSES,
  revisionLine,
  type SiteState,
  statusLine,
  statusLines,
} from './alert.ts';
import type { AlertSources } from './alert-sources.ts';
import {
  type AlertListFilter,
  type AlertsRepository,
  contentColumns,
  type Executor,
} from './alerts.repository.ts';
import { MAX_SCREENSHOT_BYTES, sniffImageType } from './image.ts';
import { maskUrlsInText } from './mask-text.ts';

/** What the audit log needs (src/audit): the entry is written in the same transaction as the change. */
export type AuditSink = {
  record(
    entry: {
      principal: Principal | null;
      action: string;
      entity: string;
      entityId: string | number | null;
      before?: unknown;
      after?: unknown;
    },
    executor?: Executor,
  ): Promise<unknown>;
};

export type Notifier = { fanOut(ex: Executor, n: AlertNotification): Promise<number> };

export type DraftInput = Partial<AlertContent> & {
  brandId: number;
  campaignId?: number | null;
  takedownCaseId?: number | null;
  /** Live URLs as reported; they are masked before being stored. */
  urls?: string[];
};

export type StatusLineInput =
  | { state: SiteState; at?: number }
  | { ja: string; en?: string | null; at?: number };

function maskAll(urls: string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    const u = raw.trim();
    // The canonicaliser takes anything as a host; free text is not a URL to publish.
    if (u === '' || /\s/.test(u)) continue;
    try {
      out.add(maskUrl(u));
    } catch {
      // Not a URL we can canonicalise: it cannot be shown masked, so it is not shown at all.
    }
  }
  return [...out];
}

/** Emergency alerts: drafting, the review workflow, publication and its notifications. */
export function createAlertsService(deps: {
  repo: AlertsRepository;
  brands: Pick<BrandRegistry, 'list'>;
  notifier: Notifier;
  audit: AuditSink;
  sources: AlertSources;
  clock: Clock;
  publicBaseUrl: string;
}) {
  const { repo, clock } = deps;

  function brandById(id: number) {
    const b = deps.brands.list().find((x) => x.id === id);
    if (!b) throw new AppError('request.invalid', `unknown brand ${id}`);
    return b;
  }

  async function load(ex: Executor, id: number): Promise<Alert> {
    const a = await repo.get(ex, id);
    if (!a) throw new AppError('not_found', 'no such alert');
    return a;
  }

  function notification(a: Alert, event: NotificationEvent): AlertNotification {
    const last = statusLines(a.updates).at(-1);
    return {
      event,
      alert: {
        id: a.id,
        url: `${deps.publicBaseUrl}/alerts/${a.slug}`,
        slug: a.slug as string,
        brand: { slug: a.brand.slug, nameJa: a.brand.nameJa, nameEn: a.brand.nameEn },
        title: { ja: a.titleJa, en: a.titleEn },
        summary: { ja: a.summaryJa, en: a.summaryEn },
        statusLine: last ? { ja: last.statusLineJa, en: last.statusLineEn } : null,
        maskedUrls: a.maskedUrls,
        publishedAt: a.publishedAt as number,
        updatedAt: a.lastPublishedAt ?? (a.publishedAt as number),
      },
    };
  }

  function requireTransition(a: Alert, action: AlertAction) {
    const to = nextStatus(a.status, action);
    if (!to) throw new AppError('alert.invalid_transition', `cannot ${action} an alert that is ${a.status}`);
    return to;
  }

  /** Appends a status line; on a public alert this is a public update (status `updated`, notifications). */
  async function appendStatus(
    ex: Executor,
    a: Alert,
    line: {
      ja: string;
      en: string | null;
      at: number;
      source: 'takedown' | 'analyst';
      caseState: string | null;
    },
    principal: Principal | null,
  ): Promise<void> {
    await repo.insertUpdate(ex, {
      alertId: a.id,
      at: line.at,
      statusLineJa: line.ja,
      statusLineEn: line.en,
      source: line.source,
      caseState: line.caseState,
      actorId: principal?.userId ?? null,
    });
    const now = clock.now();
    if (a.status === 'published' || a.status === 'updated') {
      await repo.update(ex, a.id, { status: 'updated', updated_at: now, last_published_at: now });
      await deps.notifier.fanOut(ex, notification(await load(ex, a.id), 'alert.updated'));
    } else {
      await repo.update(ex, a.id, { updated_at: now });
    }
    await deps.audit.record(
      { principal, action: 'alert.status_line', entity: 'alert', entityId: a.id, after: line },
      ex,
    );
  }

  async function addScreenshotIn(
    ex: Executor,
    alertId: number,
    s: { data: Uint8Array; caption?: string | null; captureId?: number | null },
  ): Promise<number> {
    if (s.data.length > MAX_SCREENSHOT_BYTES) throw new AppError('request.too_large', 'screenshot too large');
    const contentType = sniffImageType(s.data);
    if (!contentType)
      throw new AppError('request.unsupported_media_type', 'screenshots must be PNG, JPEG, GIF or WebP');
    return repo.insertScreenshot(ex, {
      alertId,
      contentType,
      sha256: createHash('sha256').update(s.data).digest('hex'),
      data: s.data,
      caption: s.caption ?? null,
      captureId: s.captureId ?? null,
      now: clock.now(),
    });
  }

  const service = {
    async createDraft(principal: Principal, input: DraftInput): Promise<Alert> {
      const brand = brandById(input.brandId);
      const titles = alertTitles(brand);
      const content: AlertContent = {
        titleJa: input.titleJa ?? titles.ja,
        titleEn: input.titleEn ?? titles.en,
        summaryJa: input.summaryJa ?? '',
        summaryEn: input.summaryEn ?? null,
        adviceJa: input.adviceJa ?? '',
        adviceEn: input.adviceEn ?? null,
        subjects: (input.subjects ?? []).map(maskUrlsInText),
        smsTexts: (input.smsTexts ?? []).map(maskUrlsInText),
        fieldsAskedJa: input.fieldsAskedJa ?? [],
        fieldsAskedEn: input.fieldsAskedEn ?? [],
        maskedUrls: maskAll([...(input.maskedUrls ?? []), ...(input.urls ?? [])]),
      };
      return repo.transaction(async (trx) => {
        const id = await repo.insert(trx, {
          ...content,
          brandId: brand.id,
          campaignId: input.campaignId ?? null,
          takedownCaseId: input.takedownCaseId ?? null,
          authorId: principal.userId,
          now: clock.now(),
        });
        const created = await load(trx, id);
        await deps.audit.record(
          { principal, action: 'alert.create', entity: 'alert', entityId: id, after: created },
          trx,
        );
        return created;
      });
    },

    /**
     * A draft filled from a campaign: its brand, the subjects and SMS texts seen, its URLs (masked), the
     * fields the fake site asks for, screenshots of its captures, and the first status line from its
     * takedown case.
     */
    async draftFromCampaign(principal: Principal, campaignId: number): Promise<Alert> {
      const src = await deps.sources.campaignDraft(campaignId);
      if (!src) throw new AppError('not_found', 'no such campaign, or it has no brand');
      const draft = await service.createDraft(principal, {
        brandId: src.brandId,
        campaignId,
        takedownCaseId: src.takedownCaseId,
        subjects: src.subjects,
        smsTexts: src.smsTexts,
        fieldsAskedJa: src.fieldsAsked,
        urls: src.urls,
      });
      await repo.transaction(async (trx) => {
        for (const shot of src.screenshots) {
          try {
            await addScreenshotIn(trx, draft.id, shot);
          } catch {
            // A capture that is not a plain image is left out rather than failing the draft.
          }
        }
      });
      if (src.takedownCaseId !== null) await service.syncFromTakedown(draft.id);
      return service.get(draft.id);
    },

    async get(id: number): Promise<Alert> {
      return load(repo.executor, id);
    },

    async list(filter: Partial<AlertListFilter>): Promise<Alert[]> {
      return repo.list({
        statuses: filter.statuses ?? ['draft', 'in_review', 'published', 'updated', 'archived'],
        ...filter,
        limit: filter.limit ?? 100,
      });
    },

    /** Edits content. Before publication anyone on staff may; afterwards it is a public update. */
    async edit(
      principal: Principal,
      id: number,
      patch: Partial<AlertContent> & { urls?: string[] },
    ): Promise<Alert> {
      return repo.transaction(async (trx) => {
        const before = await load(trx, id);
        if (before.status === 'archived')
          throw new AppError('alert.invalid_transition', 'an archived alert is not edited');
        const { urls, maskedUrls, ...rest } = patch;
        const next: AlertContent = { ...before, ...rest };
        next.subjects = next.subjects.map(maskUrlsInText);
        next.smsTexts = next.smsTexts.map(maskUrlsInText);
        if (!next.titleJa.trim()) throw new AppError('request.invalid', 'the Japanese title is required');
        if (maskedUrls !== undefined || urls !== undefined) {
          next.maskedUrls = maskAll([...(maskedUrls ?? []), ...(urls ?? [])]);
        }
        const now = clock.now();
        const isPublic = before.status === 'published' || before.status === 'updated';
        await repo.update(trx, id, {
          ...contentColumns(next),
          updated_at: now,
          ...(isPublic ? { status: 'updated', last_published_at: now } : {}),
        });
        if (isPublic) {
          const line = revisionLine(now);
          await repo.insertUpdate(trx, {
            alertId: id,
            at: now,
            statusLineJa: line.ja,
            statusLineEn: line.en,
            source: 'revision',
            caseState: null,
            actorId: principal.userId,
          });
        }
        const after = await load(trx, id);
        if (isPublic) await deps.notifier.fanOut(trx, notification(after, 'alert.updated'));
        await deps.audit.record(
          { principal, action: 'alert.edit', entity: 'alert', entityId: id, before, after },
          trx,
        );
        return after;
      });
    },

    async submitForReview(principal: Principal, id: number): Promise<Alert> {
      return service.transition(principal, id, 'submit');
    },

    async returnToDraft(principal: Principal, id: number): Promise<Alert> {
      return service.transition(principal, id, 'return');
    },

    /** Publishes: only a second analyst (not the author); the public address is given now. */
    async publish(principal: Principal, id: number): Promise<Alert> {
      return service.transition(principal, id, 'publish');
    },

    async archive(principal: Principal, id: number): Promise<Alert> {
      return service.transition(principal, id, 'archive');
    },

    async transition(
      principal: Principal,
      id: number,
      action: Exclude<AlertAction, 'update'>,
    ): Promise<Alert> {
      return repo.transaction(async (trx) => {
        const before = await load(trx, id);
        const to = requireTransition(before, action);
        const now = clock.now();
        if (action === 'publish') {
          if (before.authorId === principal.userId) {
            throw new AppError(
              'alert.same_analyst',
              'an alert is published by a second analyst, not its author',
            );
          }
          if (!before.titleJa.trim() || !before.summaryJa.trim()) {
            throw new AppError('request.invalid', 'the Japanese title and summary are required to publish');
          }
          const prefix = `${before.brand.slug}-${jstDay(now)}`;
          const slug =
            before.slug ?? alertSlug(before.brand.slug, now, await repo.slugsStartingWith(trx, prefix));
          await repo.update(trx, id, {
            status: to,
            slug,
            reviewer_id: principal.userId,
            published_at: before.publishedAt ?? now,
            last_published_at: now,
            updated_at: now,
          });
        } else {
          await repo.update(trx, id, {
            status: to,
            updated_at: now,
            ...(action === 'archive' ? { archived_at: now } : {}),
          });
        }
        const after = await load(trx, id);
        if (action === 'publish') await deps.notifier.fanOut(trx, notification(after, 'alert.published'));
        await deps.audit.record(
          {
            principal,
            action: `alert.${action}`,
            entity: 'alert',
            entityId: id,
            before: { status: before.status },
            after: { status: after.status, slug: after.slug },
          },
          trx,
        );
        return after;
      });
    },

    /** An analyst's status line: a known site state (stamped now) or free text in ja (en optional). */
    async addStatusLine(principal: Principal, id: number, input: StatusLineInput): Promise<Alert> {
      await repo.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status === 'archived')
          throw new AppError('alert.invalid_transition', 'an archived alert is not updated');
        const at = input.at ?? clock.now();
        const line = 'state' in input ? statusLine(input.state, at) : { ja: input.ja, en: input.en ?? null };
        if (!line.ja.trim()) throw new AppError('request.invalid', 'the Japanese status line is required');
        await appendStatus(trx, a, { ...line, at, source: 'analyst', caseState: null }, principal);
      });
      return service.get(id);
    },

    /**
     * Pulls the takedown case's state; when it moved since the last line, a new stamped line is added
     * (a public update if the alert is published). Returns whether a line was added.
     */
    async syncFromTakedown(id: number): Promise<boolean> {
      const a = await service.get(id);
      if (a.takedownCaseId === null || a.status === 'archived') return false;
      const status = await deps.sources.caseStatus(a.takedownCaseId);
      if (!status) return false;
      const last = a.updates.filter((u) => u.source === 'takedown').at(-1);
      if (last && last.caseState === status.caseState) return false;
      const line = statusLine(status.siteState, status.at);
      await repo.transaction(async (trx) => {
        await appendStatus(
          trx,
          await load(trx, id),
          { ...line, at: status.at, source: 'takedown', caseState: status.caseState },
          null,
        );
      });
      return true;
    },

    /** Every public alert tied to a takedown case gets its status line refreshed (the periodic job). */
    async syncAllFromTakedowns(): Promise<number> {
      let added = 0;
      for (const a of await repo.publicWithCase()) if (await service.syncFromTakedown(a.id)) added++;
      return added;
    },

    async addScreenshot(
      principal: Principal,
      id: number,
      s: { data: Uint8Array; caption?: string | null },
    ): Promise<Alert> {
      await repo.transaction(async (trx) => {
        const a = await load(trx, id);
        if (a.status === 'archived')
          throw new AppError('alert.invalid_transition', 'an archived alert is not edited');
        const shotId = await addScreenshotIn(trx, id, s);
        await deps.audit.record(
          {
            principal,
            action: 'alert.screenshot_add',
            entity: 'alert',
            entityId: id,
            after: { screenshotId: shotId },
          },
          trx,
        );
      });
      return service.get(id);
    },

    async removeScreenshot(principal: Principal, id: number, screenshotId: number): Promise<Alert> {
      await repo.transaction(async (trx) => {
        await load(trx, id);
        if (!(await repo.deleteScreenshot(trx, id, screenshotId)))
          throw new AppError('not_found', 'no such screenshot');
        await deps.audit.record(
          {
            principal,
            action: 'alert.screenshot_remove',
            entity: 'alert',
            entityId: id,
            before: { screenshotId },
          },
          trx,
        );
      });
      return service.get(id);
    },

    // Public side: only published, updated or archived alerts exist for the public.
    async publicList(filter: {
      brandSlug?: string;
      from?: number;
      to?: number;
      limit: number;
      offset?: number;
    }) {
      let brandId: number | undefined;
      if (filter.brandSlug) {
        const b = deps.brands.list().find((x) => x.slug === filter.brandSlug);
        if (!b) return [];
        brandId = b.id;
      }
      return repo.list({
        statuses: PUBLIC_STATUSES,
        limit: filter.limit,
        ...(filter.offset !== undefined ? { offset: filter.offset } : {}),
        ...(brandId !== undefined ? { brandId } : {}),
        ...(filter.from !== undefined ? { from: filter.from } : {}),
        ...(filter.to !== undefined ? { to: filter.to } : {}),
      });
    },

    async publicBySlug(slug: string): Promise<Alert | null> {
      const a = await repo.getBySlug(slug);
      return a && PUBLIC_STATUSES.includes(a.status) ? a : null;
    },

    publicBrands: () => repo.publicBrands(),

    feedEntries: (limit: number) => repo.listByLastPublished(limit),

    async publicScreenshot(id: number): Promise<{ contentType: string; data: Uint8Array } | null> {
      const s = await repo.screenshot(id);
      return s && PUBLIC_STATUSES.includes(s.status) ? s : null;
    },

    /** Staff may look at screenshots of drafts too (the console's preview). */
    async screenshotForStaff(id: number) {
      return repo.screenshot(id);
    },
  };
  return service;
}

export type AlertsService = ReturnType<typeof createAlertsService>;
