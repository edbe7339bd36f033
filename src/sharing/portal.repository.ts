import type { Db } from '../storage/database.ts';
import type { Audience, Disclosure } from './disclosure.ts';

const num = (v: unknown): number => Number(v ?? 0);

export type Takedown = {
  caseId: number;
  urlId: number;
  url: string;
  state: string;
  openedAt: number;
  requestedAt: number | null;
  downAt: number | null;
  closedAt: number | null;
};

export type Feedback = {
  id: number;
  urlId: number;
  brandId: number;
  userId: number;
  verdict: 'not_ours' | 'legitimate';
  comment: string | null;
  status: string;
  createdAt: number;
};

export type Subscription = {
  id: number;
  brandId: number;
  channel: 'email' | 'webhook';
  target: string;
  createdAt: number;
};

/**
 * SQL of the brand portal. Takedown cases (src/takedowns) and published alerts (src/alerts) are read here,
 * read-only, by brand: the portal shows their state and never changes them.
 */
export function createPortalRepository(db: Db, disclosure: Disclosure) {
  const k = db.kysely;
  return {
    async takedownsOf(urlIds: readonly number[]): Promise<Map<number, Takedown>> {
      if (!urlIds.length) return new Map();
      const rows = await k
        .selectFrom('takedown_cases')
        .select(['id', 'url_id', 'target_url', 'state', 'opened_at', 'requested_at', 'down_at', 'closed_at'])
        .where('url_id', 'in', [...urlIds])
        .orderBy('opened_at')
        .execute();
      // The latest case of each URL wins.
      return new Map(rows.map((r) => [num(r.url_id), toTakedown(r)]));
    },

    /**
     * Cases on the URLs the audience may see (disclosure.ts): by the URL's current brand, so the brand a
     * correction took the URL from no longer sees its case, and never on an unconfirmed or too-red URL.
     */
    async takedowns(audience: Audience, limit: number): Promise<Takedown[]> {
      let q = k
        .selectFrom('takedown_cases as tc')
        .innerJoin('urls as u', 'u.id', 'tc.url_id')
        .select([
          'tc.id',
          'tc.url_id',
          'tc.target_url',
          'tc.state',
          'tc.opened_at',
          'tc.requested_at',
          'tc.down_at',
          'tc.closed_at',
        ]);
      const disclosed = disclosure.urlFilter('u', audience);
      if (disclosed) q = q.where(disclosed);
      return (await q.orderBy('tc.opened_at', 'desc').limit(limit).execute()).map(toTakedown);
    },

    /** Published alerts of these brands (what the public sees too). */
    async alerts(brandIds: readonly number[] | null, limit: number) {
      if (brandIds !== null && brandIds.length === 0) return [];
      let q = k
        .selectFrom('alerts')
        .select([
          'id',
          'slug',
          'brand_id',
          'status',
          'title_ja',
          'title_en',
          'published_at',
          'last_published_at',
        ])
        .where('status', 'in', ['published', 'updated']);
      if (brandIds !== null) q = q.where('brand_id', 'in', [...brandIds]);
      const rows = await q.orderBy('last_published_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: num(r.id),
        slug: r.slug,
        brandId: num(r.brand_id),
        status: r.status,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        publishedAt: r.published_at === null ? null : num(r.published_at),
        lastPublishedAt: r.last_published_at === null ? null : num(r.last_published_at),
      }));
    },

    async urlBrand(urlId: number): Promise<{ brandId: number | null } | null> {
      const r = await k.selectFrom('urls').select('brand_id').where('id', '=', urlId).executeTakeFirst();
      return r ? { brandId: r.brand_id === null ? null : num(r.brand_id) } : null;
    },

    async addFeedback(f: Omit<Feedback, 'id'>): Promise<Feedback> {
      const row = await k
        .insertInto('sharing_feedback')
        .values({
          url_id: f.urlId,
          brand_id: f.brandId,
          user_id: f.userId,
          verdict: f.verdict,
          comment: f.comment,
          status: f.status,
          created_at: f.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ...f, id: num(row.id) };
    },

    async feedback(brandIds: readonly number[] | null, limit: number): Promise<Feedback[]> {
      if (brandIds !== null && brandIds.length === 0) return [];
      let q = k.selectFrom('sharing_feedback').selectAll();
      if (brandIds !== null) q = q.where('brand_id', 'in', [...brandIds]);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: num(r.id),
        urlId: num(r.url_id),
        brandId: num(r.brand_id),
        userId: num(r.user_id),
        verdict: r.verdict as Feedback['verdict'],
        comment: r.comment,
        status: r.status,
        createdAt: num(r.created_at),
      }));
    },

    async feedbackById(id: number): Promise<Feedback | null> {
      const r = await k.selectFrom('sharing_feedback').selectAll().where('id', '=', id).executeTakeFirst();
      return r
        ? {
            id: num(r.id),
            urlId: num(r.url_id),
            brandId: num(r.brand_id),
            userId: num(r.user_id),
            verdict: r.verdict as Feedback['verdict'],
            comment: r.comment,
            status: r.status,
            createdAt: num(r.created_at),
          }
        : null;
    },

    async setFeedbackStatus(id: number, status: string): Promise<void> {
      await k.updateTable('sharing_feedback').set({ status }).where('id', '=', id).execute();
    },

    async hostOf(urlId: number): Promise<string | null> {
      const r = await k
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .select('h.name')
        .where('u.id', '=', urlId)
        .executeTakeFirst();
      return r?.name ?? null;
    },

    async subscriptions(
      brandIds: readonly number[] | null,
    ): Promise<(Subscription & { secret: string | null })[]> {
      if (brandIds !== null && brandIds.length === 0) return [];
      let q = k.selectFrom('sharing_subscriptions').selectAll();
      if (brandIds !== null) q = q.where('brand_id', 'in', [...brandIds]);
      const rows = await q.orderBy('id').execute();
      return rows.map((r) => ({
        id: num(r.id),
        brandId: num(r.brand_id),
        channel: r.channel as Subscription['channel'],
        target: r.target,
        secret: r.secret,
        createdAt: num(r.created_at),
      }));
    },

    async addSubscription(s: {
      brandId: number;
      channel: string;
      target: string;
      secret: string | null;
      createdBy: number;
      createdAt: number;
    }): Promise<number> {
      const row = await k
        .insertInto('sharing_subscriptions')
        .values({
          brand_id: s.brandId,
          channel: s.channel,
          target: s.target,
          secret: s.secret,
          created_by: s.createdBy,
          created_at: s.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return num(row.id);
    },

    async subscription(id: number) {
      return k.selectFrom('sharing_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async removeSubscription(id: number): Promise<void> {
      await k.deleteFrom('sharing_subscriptions').where('id', '=', id).execute();
    },

    /** Active shared URLs with a brand not yet announced to subscribers, oldest first. */
    async unnotified(limit: number) {
      const rows = await k
        .selectFrom('sharing_urls as s')
        .innerJoin('urls as u', 'u.id', 's.url_id')
        .select(['s.url_id', 'u.brand_id', 'u.canonical', 's.tlp', 's.listed_at'])
        .where('s.notified_at', 'is', null)
        .where('s.active', '=', 1)
        .where('u.brand_id', 'is not', null)
        .orderBy('s.listed_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        urlId: num(r.url_id),
        brandId: num(r.brand_id),
        url: r.canonical,
        tlp: r.tlp,
        listedAt: num(r.listed_at),
      }));
    },

    async markNotified(urlIds: readonly number[], at: number): Promise<void> {
      if (!urlIds.length) return;
      await k
        .updateTable('sharing_urls')
        .set({ notified_at: at })
        .where('url_id', 'in', [...urlIds])
        .execute();
    },
  };
}

function toTakedown(r: {
  id: number;
  url_id: number;
  target_url: string;
  state: string;
  opened_at: number;
  requested_at: number | null;
  down_at: number | null;
  closed_at: number | null;
}): Takedown {
  return {
    caseId: num(r.id),
    urlId: num(r.url_id),
    url: r.target_url,
    state: r.state,
    openedAt: num(r.opened_at),
    requestedAt: r.requested_at === null ? null : num(r.requested_at),
    downAt: r.down_at === null ? null : num(r.down_at),
    closedAt: r.closed_at === null ? null : num(r.closed_at),
  };
}

export type PortalRepository = ReturnType<typeof createPortalRepository>;
