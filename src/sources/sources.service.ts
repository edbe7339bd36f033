import type { Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { AuditRecorder } from '../triage/audit.ts';
import type { SourceListRow, SourcesRepository } from './sources.repository.ts';
import { isTrustLevel, TRUST_LEVELS, type TrustLevel } from './trust.ts';

export type SourceView = {
  id: number;
  name: string;
  kind: string;
  trust: TrustLevel;
  enabled: boolean;
  reports: number;
  createdAt: string;
  updatedAt: string;
};

function present(r: SourceListRow): SourceView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    trust: r.trust,
    enabled: r.enabled,
    reports: r.reports,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** Sources (feeds, partner keys, intake channels) and the trust level an admin gives each. */
export function createSourcesService(deps: {
  repo: SourcesRepository;
  db: Db;
  audit: AuditRecorder;
  clock: Clock;
}) {
  async function list(): Promise<SourceView[]> {
    return (await deps.repo.list()).map(present);
  }

  return {
    list,

    /**
     * Sets a source's trust (by id or by name), audited. `create` (the import command) makes the source
     * first if no import has named it yet. A change applies to what arrives from then on.
     */
    async setTrust(
      principal: Principal | null,
      ref: { id?: number; name?: string; create?: { kind: string } },
      level: string,
    ): Promise<SourceView> {
      if (!isTrustLevel(level))
        throw new AppError(
          'source.invalid_trust',
          `trust is one of ${TRUST_LEVELS.join(', ')}, not "${level}"`,
        );
      const now = deps.clock.now();
      if (ref.name !== undefined && ref.create) await deps.repo.ensure(ref.name, ref.create.kind, now);
      await deps.db.kysely.transaction().execute(async (trx) => {
        const source =
          ref.id !== undefined
            ? await deps.repo.byId(ref.id, trx)
            : ref.name !== undefined
              ? await deps.repo.byName(ref.name, trx)
              : undefined;
        if (!source) throw new AppError('source.unknown', `no source ${ref.id ?? JSON.stringify(ref.name)}`);
        if (source.trust === level) return;
        await deps.repo.setTrust(trx, source.id, level, now);
        await deps.audit.record(
          {
            principal,
            action: 'source.trust',
            entity: 'source',
            entityId: source.id,
            before: { trust: source.trust },
            after: { trust: level },
          },
          trx,
        );
      });
      const all = await list();
      const out = all.find((s) => (ref.id !== undefined ? s.id === ref.id : s.name === ref.name));
      if (!out) throw new AppError('source.unknown', 'the source went away');
      return out;
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
