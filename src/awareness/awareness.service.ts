import type { Principal } from '../accounts/principal.ts';
import type { AuditSink } from '../alerts/alerts.service.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import { AWARENESS_SLUGS, type AwarenessSlug, DEFAULT_PAGES } from './default-pages.ts';

export type AwarenessPage = {
  slug: AwarenessSlug;
  lang: 'ja' | 'en';
  title: string;
  bodyMd: string;
  updatedAt: number | null;
  /** false while the built-in first version is shown. */
  edited: boolean;
};

export function isAwarenessSlug(s: string): s is AwarenessSlug {
  return (AWARENESS_SLUGS as readonly string[]).includes(s);
}

/** Editable awareness pages (Markdown, ja/en); the built-in text until an editor saves a version. */
export function createAwarenessService(deps: { db: Db; clock: Clock; audit: AuditSink }) {
  const k = deps.db.kysely;
  const service = {
    async get(slug: string, lang: 'ja' | 'en'): Promise<AwarenessPage | null> {
      if (!isAwarenessSlug(slug)) return null;
      const row = await k
        .selectFrom('awareness_pages')
        .selectAll()
        .where('slug', '=', slug)
        .where('lang', '=', lang)
        .executeTakeFirst();
      if (row)
        return { slug, lang, title: row.title, bodyMd: row.body_md, updatedAt: row.updated_at, edited: true };
      const d = DEFAULT_PAGES[slug][lang];
      return { slug, lang, title: d.title, bodyMd: d.body, updatedAt: null, edited: false };
    },

    async list(lang: 'ja' | 'en'): Promise<AwarenessPage[]> {
      return Promise.all(AWARENESS_SLUGS.map(async (s) => (await service.get(s, lang))!));
    },

    async save(
      principal: Principal,
      slug: string,
      lang: 'ja' | 'en',
      input: { title: string; bodyMd: string },
    ): Promise<AwarenessPage> {
      if (!isAwarenessSlug(slug)) throw new AppError('not_found', 'no such page');
      if (!input.title.trim()) throw new AppError('request.invalid', 'a title is required');
      const before = await service.get(slug, lang);
      const now = deps.clock.now();
      await k.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('awareness_pages')
          .set({ title: input.title, body_md: input.bodyMd, updated_at: now, updated_by: principal.userId })
          .where('slug', '=', slug)
          .where('lang', '=', lang)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) {
          await trx
            .insertInto('awareness_pages')
            .values({
              slug,
              lang,
              title: input.title,
              body_md: input.bodyMd,
              updated_at: now,
              updated_by: principal.userId,
            })
            .execute();
        }
        await deps.audit.record(
          {
            principal,
            action: 'awareness.save',
            entity: 'awareness_page',
            entityId: `${slug}/${lang}`,
            before,
            after: input,
          },
          trx,
        );
      });
      return (await service.get(slug, lang))!;
    },
  };
  return service;
}

export type AwarenessService = ReturnType<typeof createAwarenessService>;
