import type { Kysely } from 'kysely';
import type { Principal } from '../accounts/principal.ts';
import type { Database } from '../storage/schema.ts';

/**
 * What triage and campaigns need of the audit log (src/audit, `ctx.audit`): structural, so these modules
 * depend on the contract, not on the accounts module's files.
 */
export type AuditRecorder = {
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
    executor?: Kysely<Database>,
  ): Promise<unknown>;
  list?(query: { entity?: string; entityId?: string | number; limit?: number }): Promise<
    {
      id: number;
      at: number;
      actorUserId: number | null;
      action: string;
      before: unknown;
      after: unknown;
    }[]
  >;
};
