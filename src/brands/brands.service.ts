/**
 * The managed registry: analysts create, edit, merge and retire brands (API, console, CLI). Each change
 * is one transaction holding the brand rows, the registry version bump (every process rebuilds its
 * matcher when it sees it), the audit entry and the re-attribution run with its job, so a change is
 * never committed without them. Input that would make attribution worse is refused (brand-validation.ts).
 */
import type { Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { Sector } from './brand.ts';
import type { BrandRegistry } from './brand-registry.ts';
import {
  assertKeyword,
  assertOfficialDomain,
  assertSector,
  assertSlug,
  normalizeDomain,
  normalizeKeyword,
} from './brand-validation.ts';
import { type BrandRecord, bumpVersion } from './brands.repository.ts';
import { normalizeLabel } from './labels.ts';
import { REATTRIBUTE_JOB } from './reattribution.ts';
import type { BrandFields, RegistryRepository } from './registry.repository.ts';

export type BrandDraft = {
  slug: string;
  nameJa: string;
  nameEn: string;
  sector: string;
  aliases?: string[];
  officialDomains?: string[];
  keywords?: string[];
};

/** Fields given replace the brand's; lists are complete lists. */
export type BrandPatch = Partial<Omit<BrandDraft, 'slug'>>;

export type BrandChangeResult = { brand: BrandRecord; reattributionId: number };

type Audit = {
  record(
    entry: {
      principal: Principal | null;
      action: string;
      entity: string;
      entityId: string | number | null;
      before?: unknown;
      after?: unknown;
      requestId?: string | null;
    },
    // biome-ignore lint/suspicious/noExplicitAny: the audit log accepts any Kysely executor
    executor?: any,
  ): Promise<number>;
};

export function createBrandsService(deps: {
  registry: BrandRegistry;
  repo: RegistryRepository;
  queue: JobQueue;
  audit: Audit;
  clock: Clock;
  /** Runs after a change is committed and the registry rebuilt (the allowlist's official domains). */
  afterChange?: () => Promise<void>;
}) {
  const { registry, repo } = deps;

  function uniq(list: string[]): string[] {
    return [...new Set(list.filter((s) => s !== ''))];
  }

  /** Validates what `next` adds to `prev` (null: a new brand) against the other active brands. */
  function check(prev: BrandRecord | null, next: BrandFields & { aliases: string[] }): void {
    assertSector(next.sector);
    if (!next.nameJa.trim() || !next.nameEn.trim()) {
      throw new AppError('brand.invalid', 'a brand needs both its Japanese and its English name');
    }
    for (const n of [next.nameJa, next.nameEn, ...next.aliases]) {
      if (n.length > 200)
        throw new AppError('brand.invalid', 'a name or alias is longer than 200 characters');
    }
    const others = registry.list().filter((b) => b.id !== prev?.id);
    for (const d of next.officialDomains) {
      if (prev?.officialDomains.includes(d)) continue;
      assertOfficialDomain(d);
      const owner = others.find((b) => b.officialDomains.includes(d));
      if (owner) {
        throw new AppError(
          'brand.domain_taken',
          `"${d}" is already an official domain of ${owner.nameEn} (${owner.slug})`,
          {
            value: d,
            brand: owner.slug,
          },
        );
      }
    }
    for (const kw of next.keywords) if (!prev?.keywords.includes(kw)) assertKeyword(kw);
  }

  /** Spellings held by another active brand are refused; a retired brand's are taken over. */
  async function checkAliases(
    trx: Parameters<Parameters<RegistryRepository['transaction']>[0]>[0],
    brandId: number | null,
    aliases: string[],
  ) {
    const owners = await repo.aliasOwners(trx, aliases.map(normalizeLabel));
    for (const a of aliases) {
      const owner = owners.get(normalizeLabel(a));
      if (owner && owner.brandId !== brandId && owner.status === 'active') {
        const b = registry.byId(owner.brandId);
        throw new AppError(
          'brand.alias_taken',
          `"${a}" already names ${b?.nameEn ?? owner.brandId} (${b?.slug ?? '?'})`,
          {
            value: a,
            brand: b?.slug ?? null,
          },
        );
      }
    }
  }

  function fieldsOf(b: BrandRecord) {
    return {
      slug: b.slug,
      nameJa: b.nameJa,
      nameEn: b.nameEn,
      sector: b.sector,
      aliases: b.aliases,
      officialDomains: b.officialDomains,
      keywords: b.keywords,
      status: b.status,
      mergedInto: b.mergedInto,
    };
  }

  async function activeBrand(id: number): Promise<BrandRecord> {
    await registry.refreshIfChanged();
    const b = registry.byId(id);
    if (!b) throw new AppError('not_found', `no brand with id ${id}`);
    if (b.status !== 'active')
      throw new AppError('brand.not_active', `${b.slug} is ${b.status}: it cannot change`);
    return b;
  }

  async function committed(id: number, reattributionId: number): Promise<BrandChangeResult> {
    await registry.reload();
    await deps.afterChange?.();
    return { brand: registry.byId(id)!, reattributionId };
  }

  function normalized(d: BrandPatch, base: BrandRecord | null) {
    const nameJa = (d.nameJa ?? base?.nameJa ?? '').trim();
    const nameEn = (d.nameEn ?? base?.nameEn ?? '').trim();
    const fields = {
      nameJa,
      nameEn,
      sector: (d.sector ?? base?.sector ?? '') as Sector,
      officialDomains: uniq((d.officialDomains ?? base?.officialDomains ?? []).map(normalizeDomain)),
      keywords: uniq((d.keywords ?? base?.keywords ?? []).map(normalizeKeyword)),
    };
    // The names are always spellings of the brand too (as in the seed).
    const aliases = uniq([nameJa, nameEn, ...(d.aliases ?? base?.aliases ?? []).map((a) => a.trim())]);
    return { fields, aliases };
  }

  return {
    async create(
      principal: Principal | null,
      draft: BrandDraft,
      requestId?: string,
    ): Promise<BrandChangeResult> {
      const slug = draft.slug.trim().toLowerCase();
      assertSlug(slug);
      await registry.refreshIfChanged();
      const { fields, aliases } = normalized(draft, null);
      check(null, { ...fields, aliases });
      const now = deps.clock.now();
      const result = await repo.transaction(async (trx) => {
        await checkAliases(trx, null, aliases);
        const id = await repo.insertBrand(trx, slug, fields, now);
        if (id === null) throw new AppError('brand.slug_taken', `a brand with slug "${slug}" exists already`);
        await repo.setAliases(trx, id, aliases);
        await bumpVersion(trx, now);
        await deps.audit.record(
          {
            principal,
            action: 'brand.create',
            entity: 'brand',
            entityId: id,
            after: { slug, ...fields, aliases },
            requestId,
          },
          trx,
        );
        const runId = await repo.createRun(
          trx,
          { reason: `brand ${slug} added`, brandIds: [], requestedBy: principal?.userId ?? null },
          now,
        );
        await deps.queue.send(REATTRIBUTE_JOB, { runId }, { trx });
        return { id, runId };
      });
      return committed(result.id, result.runId);
    },

    async edit(
      principal: Principal | null,
      id: number,
      patch: BrandPatch,
      requestId?: string,
    ): Promise<BrandChangeResult> {
      const prev = await activeBrand(id);
      const { fields, aliases } = normalized(patch, prev);
      check(prev, { ...fields, aliases });
      // Evidence taken away can make the brand's own URLs wrong: they are candidates again.
      const narrowed =
        prev.keywords.some((k) => !fields.keywords.includes(k)) ||
        prev.officialDomains.some((d) => !fields.officialDomains.includes(d)) ||
        prev.aliases.some((a) => !aliases.includes(a));
      const now = deps.clock.now();
      const runId = await repo.transaction(async (trx) => {
        await checkAliases(trx, id, aliases);
        await repo.updateBrand(trx, id, fields, now);
        await repo.setAliases(trx, id, aliases);
        await bumpVersion(trx, now);
        await deps.audit.record(
          {
            principal,
            action: 'brand.edit',
            entity: 'brand',
            entityId: id,
            before: fieldsOf(prev),
            after: { ...fields, aliases },
            requestId,
          },
          trx,
        );
        const run = await repo.createRun(
          trx,
          {
            reason: `brand ${prev.slug} edited`,
            brandIds: narrowed ? [id] : [],
            requestedBy: principal?.userId ?? null,
          },
          now,
        );
        await deps.queue.send(REATTRIBUTE_JOB, { runId: run }, { trx });
        return run;
      });
      return committed(id, runId);
    },

    /** `fromId` becomes part of `intoId`: every alias, official domain, keyword and analyst hint moves. */
    async merge(
      principal: Principal | null,
      fromId: number,
      intoId: number,
      reason: string,
      requestId?: string,
    ): Promise<BrandChangeResult> {
      if (fromId === intoId) throw new AppError('brand.merge_self', 'a brand cannot be merged into itself');
      const from = await activeBrand(fromId);
      const into = await activeBrand(intoId);
      const now = deps.clock.now();
      const fields: BrandFields = {
        nameJa: into.nameJa,
        nameEn: into.nameEn,
        sector: into.sector,
        officialDomains: uniq([...into.officialDomains, ...from.officialDomains]),
        keywords: uniq([...into.keywords, ...from.keywords]),
      };
      const runId = await repo.transaction(async (trx) => {
        await repo.moveAliasesAndHints(trx, fromId, intoId);
        await repo.updateBrand(trx, intoId, fields, now);
        await repo.updateBrand(trx, fromId, { ...fieldsOf(from), officialDomains: [], keywords: [] }, now);
        await repo.setStatus(trx, fromId, 'merged', intoId, now);
        await bumpVersion(trx, now);
        await deps.audit.record(
          {
            principal,
            action: 'brand.merge',
            entity: 'brand',
            entityId: fromId,
            before: { from: fieldsOf(from), into: fieldsOf(into) },
            after: { mergedInto: intoId, ...fields, reason },
            requestId,
          },
          trx,
        );
        const run = await repo.createRun(
          trx,
          {
            reason: `brand ${from.slug} merged into ${into.slug}`,
            brandIds: [fromId],
            requestedBy: principal?.userId ?? null,
          },
          now,
        );
        await deps.queue.send(REATTRIBUTE_JOB, { runId: run }, { trx });
        return run;
      });
      return committed(intoId, runId);
    },

    /** The brand stops being matched; its URLs and reports are attributed again (corrections stay). */
    async retire(
      principal: Principal | null,
      id: number,
      reason: string,
      requestId?: string,
    ): Promise<BrandChangeResult> {
      const prev = await activeBrand(id);
      const now = deps.clock.now();
      const runId = await repo.transaction(async (trx) => {
        await repo.setStatus(trx, id, 'retired', null, now);
        await bumpVersion(trx, now);
        await deps.audit.record(
          {
            principal,
            action: 'brand.retire',
            entity: 'brand',
            entityId: id,
            before: fieldsOf(prev),
            after: { status: 'retired', reason },
            requestId,
          },
          trx,
        );
        const run = await repo.createRun(
          trx,
          { reason: `brand ${prev.slug} retired`, brandIds: [id], requestedBy: principal?.userId ?? null },
          now,
        );
        await deps.queue.send(REATTRIBUTE_JOB, { runId: run }, { trx });
        return run;
      });
      return committed(id, runId);
    },

    getRun: repo.getRun,
    listRuns: repo.listRuns,
  };
}

export type BrandsService = ReturnType<typeof createBrandsService>;
