import type { Kysely } from 'kysely';
import type { Principal } from '../accounts/principal.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';

/**
 * The audit log: who changed what, when, with the state before and after. Every state change made by a
 * person (or an API key) goes through `record`. Secrets never reach it: fields that hold passwords, hashes,
 * tokens or keys are replaced by '[redacted]' whatever module passes them.
 */
export type AuditEntryInput = {
  /** null for the operator at the command line (no account). */
  principal: Principal | null;
  /** `module.verb`, e.g. `user.create`, `url.triage`. */
  action: string;
  /** Table-ish name of what changed: `user`, `organisation`, `api_key`, `url`… */
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

export type AuditEntry = {
  id: number;
  at: number;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

export type AuditQuery = {
  actorUserId?: number;
  action?: string;
  entity?: string;
  entityId?: string | number;
  /** Inclusive lower bound, ms. */
  from?: number;
  /** Exclusive upper bound, ms. */
  to?: number;
  /** Entries with a smaller id than this (paging, newest first). */
  beforeId?: number;
  limit?: number;
};

// Passwords and their hashes, session/CSRF tokens, API keys and their hashes, feed credentials.
const SECRET_KEY = /password|secret|token|credential|^(key|api_?key|key_?hash)$/i;

/** Deep copy with secret-looking fields redacted; Dates become ISO strings. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (depth > 8) return '[truncated]';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Flags such as passwordChanged: true say nothing secret; values do.
      const secret = SECRET_KEY.test(k) && v !== null && typeof v !== 'boolean';
      out[k] = secret ? '[redacted]' : redactSecrets(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(redactSecrets(value));
}

export function createAuditLog(db: Db, clock: Clock) {
  return {
    /**
     * Appends one entry. Pass `executor` (a Kysely transaction) to write it in the same transaction as the
     * change it describes, so a change is never committed without its entry.
     */
    async record(entry: AuditEntryInput, executor: Kysely<Database> = db.kysely): Promise<number> {
      const row = await executor
        .insertInto('audit_log')
        .values({
          at: clock.now(),
          actor_user_id: entry.principal && entry.principal.userId > 0 ? entry.principal.userId : null,
          actor_api_key_id: entry.principal?.apiKeyId ?? null,
          action: entry.action,
          entity: entry.entity,
          entity_id: entry.entityId === null ? null : String(entry.entityId),
          before: toJson(entry.before),
          after: toJson(entry.after),
          request_id: entry.requestId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Newest first. */
    async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
      let q = db.kysely.selectFrom('audit_log').selectAll();
      if (query.actorUserId !== undefined) q = q.where('actor_user_id', '=', query.actorUserId);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.entity !== undefined) q = q.where('entity', '=', query.entity);
      if (query.entityId !== undefined) q = q.where('entity_id', '=', String(query.entityId));
      if (query.from !== undefined) q = q.where('at', '>=', query.from);
      if (query.to !== undefined) q = q.where('at', '<', query.to);
      if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorApiKeyId: r.actor_api_key_id,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
        requestId: r.request_id,
      }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
