import type { Kysely } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { BrandSeed } from './brand.ts';
import { normalizeLabel } from './labels.ts';

export type BrandStatus = 'active' | 'retired' | 'merged';

/** A brand as stored. Only active brands are matched; merged ones name the brand that took them over. */
export type BrandRecord = BrandSeed & { id: number; status: BrandStatus; mergedInto: number | null };

export type BrandHint = { brandId: number; kind: 'host' | 'domain'; value: string };

/** All SQL of the brand registry. */
export function createBrandsRepository(db: Db) {
  const k = db.kysely;
  return {
    /** Adds brands and aliases that are not there yet; never overwrites an analyst's later edits. */
    async insertMissing(seeds: BrandSeed[], now: number): Promise<number> {
      return k.transaction().execute(async (trx) => {
        let added = 0;
        for (const chunk of chunks(seeds, 200)) {
          const rows = chunk.map((b) => ({
            slug: b.slug,
            name_ja: b.nameJa,
            name_en: b.nameEn,
            sector: b.sector,
            official_domains: JSON.stringify(b.officialDomains),
            keywords: JSON.stringify(b.keywords),
            created_at: now,
            updated_at: now,
          }));
          const inserted = await trx
            .insertInto('brands')
            .values(rows)
            .onConflict((oc) => oc.column('slug').doNothing())
            .returning('id')
            .execute();
          added += inserted.length;
        }
        // A brand a person has changed (managed) keeps the spellings they left it with.
        const ids = new Map(
          (await trx.selectFrom('brands').select(['id', 'slug']).where('managed', '=', 0).execute()).map(
            (r) => [r.slug, r.id],
          ),
        );
        const aliasRows = new Map<string, { brand_id: number; alias: string; alias_key: string }>();
        for (const b of seeds) {
          const brandId = ids.get(b.slug);
          if (brandId === undefined) continue;
          for (const alias of [b.nameJa, b.nameEn, ...b.aliases]) {
            const key = normalizeLabel(alias);
            if (key && !aliasRows.has(key)) aliasRows.set(key, { brand_id: brandId, alias, alias_key: key });
          }
        }
        let aliasesAdded = 0;
        for (const chunk of chunks([...aliasRows.values()], 500)) {
          const rows = await trx
            .insertInto('brand_aliases')
            .values(chunk)
            .onConflict((oc) => oc.column('alias_key').doNothing())
            .returning('id')
            .execute();
          aliasesAdded += rows.length;
        }
        // A new seed (a deploy) reaches processes that started before it.
        if (added + aliasesAdded > 0) await bumpVersion(trx, now);
        return added;
      });
    },

    /**
     * Hosts and registrable domains analysts attributed to a brand (brand corrections, src/triage): the
     * registry attributes later URLs on them to that brand.
     */
    async listHints(): Promise<BrandHint[]> {
      const rows = await k.selectFrom('brand_hints').select(['brand_id', 'kind', 'value']).execute();
      return rows.map((r) => ({ brandId: r.brand_id, kind: r.kind as BrandHint['kind'], value: r.value }));
    },

    /** Adds or re-points a hint (the latest correction wins). */
    async upsertHint(hint: BrandHint & { correctionId: number | null }, now: number): Promise<void> {
      await bumpVersion(k, now);
      await k
        .insertInto('brand_hints')
        .values({
          brand_id: hint.brandId,
          kind: hint.kind,
          value: hint.value,
          correction_id: hint.correctionId,
          created_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['kind', 'value'])
            .doUpdateSet({ brand_id: hint.brandId, correction_id: hint.correctionId, created_at: now }),
        )
        .execute();
    },

    /** Adds a spelling of a brand unless that spelling already names a brand; true when added. */
    async addAlias(brandId: number, alias: string, now = Date.now()): Promise<boolean> {
      const key = normalizeLabel(alias);
      if (!key) return false;
      const rows = await k
        .insertInto('brand_aliases')
        .values({ brand_id: brandId, alias, alias_key: key })
        .onConflict((oc) => oc.column('alias_key').doNothing())
        .returning('id')
        .execute();
      if (rows.length > 0) await bumpVersion(k, now);
      return rows.length > 0;
    },

    async listAll(): Promise<BrandRecord[]> {
      const [brands, aliases] = await Promise.all([
        k.selectFrom('brands').selectAll().orderBy('slug').execute(),
        k.selectFrom('brand_aliases').select(['brand_id', 'alias']).orderBy('id').execute(),
      ]);
      const byBrand = new Map<number, string[]>();
      for (const a of aliases) byBrand.set(a.brand_id, [...(byBrand.get(a.brand_id) ?? []), a.alias]);
      return brands.map((b) => ({
        id: b.id,
        slug: b.slug,
        nameJa: b.name_ja,
        nameEn: b.name_en,
        sector: b.sector as BrandSeed['sector'],
        aliases: byBrand.get(b.id) ?? [],
        officialDomains: JSON.parse(b.official_domains) as string[],
        keywords: JSON.parse(b.keywords) as string[],
        status: b.status as BrandStatus,
        mergedInto: b.merged_into,
      }));
    },

    /** The registry's version: one indexed row, read by every process every REGISTRY_POLL_MS. */
    async version(): Promise<number> {
      const r = await k
        .selectFrom('brand_registry_version')
        .select('version')
        .where('id', '=', 1)
        .executeTakeFirst();
      return Number(r?.version ?? 0);
    },
  };
}

/** Called in the transaction of every registry change, so a process that sees the new version sees it. */
export async function bumpVersion(ex: Kysely<Database>, now: number): Promise<void> {
  await ex
    .updateTable('brand_registry_version')
    .set((eb) => ({ version: eb('version', '+', 1), changed_at: now }))
    .where('id', '=', 1)
    .execute();
}

export type BrandsRepository = ReturnType<typeof createBrandsRepository>;
