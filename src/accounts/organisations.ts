import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.log.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Actor } from './accounts.service.ts';
import type { OrganisationsTable } from './accounts.tables.ts';

export type OrganisationKind = OrganisationsTable['kind'];
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['brand', 'partner', 'internal'];

export type Organisation = {
  id: number;
  name: string;
  kind: OrganisationKind;
  brandIds: number[];
  createdAt: number;
};

const CLI: Actor = { principal: null };

/** Organisations and the brands their users see; part of the accounts service (spread into it). */
export function createOrganisations(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  brandIdsOf(organisationId: number | null, q?: Kysely<Database>): Promise<number[]>;
  getOrganisationRow(
    id: number,
    q?: Kysely<Database>,
  ): Promise<{ id: number; name: string; kind: OrganisationKind; created_at: number }>;
}) {
  const { clock, audit, brandIdsOf, getOrganisationRow } = deps;
  const k = deps.db.kysely;

  async function checkBrandIds(brandIds: readonly number[], q: Kysely<Database>): Promise<number[]> {
    const unique = [...new Set(brandIds)].sort((a, b) => a - b);
    if (unique.length === 0) return unique;
    const found = await q.selectFrom('brands').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw new AppError('request.invalid', 'unknown brand id');
    return unique;
  }

  return {
    async createOrganisation(
      input: { name: string; kind: OrganisationKind; brandIds?: readonly number[] },
      actor: Actor = CLI,
    ): Promise<Organisation> {
      const name = input.name.trim();
      if (!name || name.length > 200)
        throw new AppError('request.invalid', 'a name of 1 to 200 characters is required');
      if (!ORGANISATION_KINDS.includes(input.kind))
        throw new AppError('request.invalid', `kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
      return k.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('organisations')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirst();
        if (taken) throw new AppError('conflict', 'an organisation with this name exists');
        const brandIds = await checkBrandIds(input.brandIds ?? [], trx);
        const row = await trx
          .insertInto('organisations')
          .values({ name, kind: input.kind, created_at: clock.now() })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (brandIds.length)
          await trx
            .insertInto('organisation_brands')
            .values(brandIds.map((brand_id) => ({ organisation_id: row.id, brand_id })))
            .execute();
        const org: Organisation = { id: row.id, name, kind: row.kind, brandIds, createdAt: row.created_at };
        await audit.record(
          { ...actor, action: 'organisation.create', entity: 'organisation', entityId: org.id, after: org },
          trx,
        );
        return org;
      });
    },

    async updateOrganisation(
      id: number,
      patch: { name?: string; brandIds?: readonly number[] },
      actor: Actor = CLI,
    ): Promise<Organisation> {
      return k.transaction().execute(async (trx) => {
        const row = await getOrganisationRow(id, trx);
        const before: Organisation = {
          id,
          name: row.name,
          kind: row.kind,
          brandIds: await brandIdsOf(id, trx),
          createdAt: row.created_at,
        };
        const name = patch.name?.trim() ?? row.name;
        if (!name || name.length > 200)
          throw new AppError('request.invalid', 'a name of 1 to 200 characters is required');
        if (name !== row.name) {
          const taken = await trx
            .selectFrom('organisations')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          if (taken) throw new AppError('conflict', 'an organisation with this name exists');
          await trx.updateTable('organisations').set({ name }).where('id', '=', id).execute();
        }
        let brandIds = before.brandIds;
        if (patch.brandIds !== undefined) {
          brandIds = await checkBrandIds(patch.brandIds, trx);
          await trx.deleteFrom('organisation_brands').where('organisation_id', '=', id).execute();
          if (brandIds.length)
            await trx
              .insertInto('organisation_brands')
              .values(brandIds.map((brand_id) => ({ organisation_id: id, brand_id })))
              .execute();
        }
        const after: Organisation = { ...before, name, brandIds };
        await audit.record(
          { ...actor, action: 'organisation.update', entity: 'organisation', entityId: id, before, after },
          trx,
        );
        return after;
      });
    },

    async getOrganisation(id: number): Promise<Organisation> {
      const row = await getOrganisationRow(id);
      return {
        id,
        name: row.name,
        kind: row.kind,
        brandIds: await brandIdsOf(id),
        createdAt: row.created_at,
      };
    },

    async findOrganisationByName(name: string): Promise<Organisation | null> {
      const row = await k
        .selectFrom('organisations')
        .selectAll()
        .where('name', '=', name.trim())
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            name: row.name,
            kind: row.kind,
            brandIds: await brandIdsOf(row.id),
            createdAt: row.created_at,
          }
        : null;
    },

    /** Brand ids of registry slugs (command line); request.invalid naming the unknown ones. */
    async brandIdsBySlug(slugs: readonly string[]): Promise<number[]> {
      if (slugs.length === 0) return [];
      const rows = await k
        .selectFrom('brands')
        .select(['id', 'slug'])
        .where('slug', 'in', [...slugs])
        .execute();
      const unknown = slugs.filter((s) => !rows.some((r) => r.slug === s));
      if (unknown.length) throw new AppError('request.invalid', `unknown brand: ${unknown.join(', ')}`);
      return rows.map((r) => r.id);
    },

    async listOrganisations(): Promise<Organisation[]> {
      const rows = await k.selectFrom('organisations').selectAll().orderBy('id').execute();
      const links = await k.selectFrom('organisation_brands').selectAll().orderBy('brand_id').execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        brandIds: links.filter((l) => l.organisation_id === r.id).map((l) => l.brand_id),
        createdAt: r.created_at,
      }));
    },
  };
}
