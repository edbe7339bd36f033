import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLog } from '../audit/audit.log.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { isTlp, type Tlp } from '../lib/tlp.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Actor, User } from './accounts.service.ts';
import type { ApiKeysTable, UsersTable } from './accounts.tables.ts';
import type { Principal } from './principal.ts';

/** A session ends 12 h after sign-in, or after 2 h without a request, whichever comes first. */
export const SESSION_TTL_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
/** last_seen_at / last_used_at are written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export const API_KEY_PREFIX = 'pdk_';
export const API_KEY_ROLES = ['partner', 'brand'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export type ApiKey = {
  id: number;
  /** `pdk_` and the first 8 characters: enough to recognise a key, useless to use it. */
  prefix: string;
  userId: number | null;
  organisationId: number | null;
  role: ApiKeyRole;
  tlpClearance: Tlp;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

export type ResolvedSession = { principal: Principal; csrfToken: string; expiresAt: number; user: User };

/** SHA-256 hex: tokens and keys are 256-bit random, so a fast hash is enough (no dictionary to try). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const randomToken = () => randomBytes(32).toString('base64url');

function toApiKey(r: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: r.id,
    prefix: r.prefix,
    userId: r.user_id,
    organisationId: r.organisation_id,
    role: r.role,
    tlpClearance: r.tlp_clearance as Tlp,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** Sessions and API keys; part of the accounts service (spread into it). */
export function createCredentials(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  brandIdsOf(organisationId: number | null, q?: Kysely<Database>): Promise<number[]>;
  principalForUser(user: User): Promise<Principal>;
  toUser(row: Selectable<UsersTable>): User;
}) {
  const { clock, audit } = deps;
  const k = deps.db.kysely;

  return {
    /** A new session for a user who has just authenticated; the token goes into the cookie, only its hash is stored. */
    async createSession(userId: number): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
      const now = clock.now();
      const token = randomToken();
      const csrfToken = randomToken();
      const expiresAt = now + SESSION_TTL_MS;
      // Housekeeping on the way: dead sessions (of everyone: the table stays as small as the active users).
      await k
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - SESSION_IDLE_MS)]))
        .execute();
      await k
        .insertInto('sessions')
        .values({
          token_hash: sha256(token),
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now,
          expires_at: expiresAt,
          last_seen_at: now,
        })
        .execute();
      return { token, csrfToken, expiresAt };
    },

    /** The session of a cookie token, or null when unknown, expired, idle too long or its user disabled. */
    async resolveSession(token: string): Promise<ResolvedSession | null> {
      if (!token || token.length > 200) return null;
      const now = clock.now();
      const tokenHash = sha256(token);
      const session = await k
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!session) return null;
      const user = await k
        .selectFrom('users')
        .selectAll()
        .where('id', '=', session.user_id)
        .executeTakeFirst();
      if (
        !user ||
        user.disabled === 1 ||
        session.expires_at <= now ||
        session.last_seen_at + SESSION_IDLE_MS <= now
      ) {
        await k.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
        return null;
      }
      if (now - session.last_seen_at >= TOUCH_EVERY_MS)
        await k
          .updateTable('sessions')
          .set({ last_seen_at: now })
          .where('token_hash', '=', tokenHash)
          .execute();
      const u = deps.toUser(user);
      return {
        principal: await deps.principalForUser(u),
        csrfToken: session.csrf_token,
        expiresAt: session.expires_at,
        user: u,
      };
    },

    async deleteSession(token: string): Promise<void> {
      await k.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
    },

    /**
     * A new API key for an organisation (partners, brands) or a user. Returns the key once: only its hash is
     * stored. A `brand` key needs a brand organisation: it sees that organisation's brands.
     */
    async createApiKey(
      input: {
        role: ApiKeyRole;
        tlp: Tlp;
        organisationId?: number | null;
        userId?: number | null;
        label: string;
      },
      actor: Actor = { principal: null },
    ): Promise<{ key: string; apiKey: ApiKey }> {
      if (!API_KEY_ROLES.includes(input.role))
        throw new AppError('request.invalid', `an API key's role is one of ${API_KEY_ROLES.join(', ')}`);
      if (!isTlp(input.tlp)) throw new AppError('request.invalid', 'tlp must be clear, green, amber or red');
      const label = input.label.trim();
      if (!label || label.length > 200)
        throw new AppError('request.invalid', 'a label of 1 to 200 characters is required');
      const userId = input.userId ?? null;
      let organisationId = input.organisationId ?? null;
      if (userId === null && organisationId === null)
        throw new AppError('request.invalid', 'an API key belongs to an organisation or a user');
      return k.transaction().execute(async (trx) => {
        if (userId !== null) {
          const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
          if (!user) throw new AppError('not_found', 'no such user');
          organisationId ??= user.organisation_id;
        }
        if (organisationId !== null) {
          const org = await trx
            .selectFrom('organisations')
            .selectAll()
            .where('id', '=', organisationId)
            .executeTakeFirst();
          if (!org) throw new AppError('not_found', 'no such organisation');
          if (input.role === 'brand' && org.kind !== 'brand')
            throw new AppError('request.invalid', 'a brand API key belongs to a brand organisation');
        } else if (input.role === 'brand') {
          throw new AppError('request.invalid', 'a brand API key belongs to a brand organisation');
        }
        const key = API_KEY_PREFIX + randomToken();
        const row = await trx
          .insertInto('api_keys')
          .values({
            prefix: key.slice(0, API_KEY_PREFIX.length + 8),
            key_hash: sha256(key),
            user_id: userId,
            organisation_id: organisationId,
            role: input.role,
            tlp_clearance: input.tlp,
            label,
            created_at: clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const apiKey = toApiKey(row);
        await audit.record(
          { ...actor, action: 'api_key.create', entity: 'api_key', entityId: apiKey.id, after: apiKey },
          trx,
        );
        return { key, apiKey };
      });
    },

    /** The principal of a `pdk_` key, or null when unknown, revoked, or its user disabled. */
    async resolveApiKey(key: string): Promise<Principal | null> {
      if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
      const row = await k
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', sha256(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      let displayName = row.label;
      if (row.user_id !== null) {
        const user = await k
          .selectFrom('users')
          .select(['disabled', 'display_name'])
          .where('id', '=', row.user_id)
          .executeTakeFirst();
        if (!user || user.disabled === 1) return null;
        displayName = user.display_name;
      }
      const now = clock.now();
      if (row.last_used_at === null || now - row.last_used_at >= TOUCH_EVERY_MS)
        await k.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
      return {
        kind: 'api-key',
        // 0 for an organisation's key: no person stands behind it (the audit log records the key's id).
        userId: row.user_id ?? 0,
        apiKeyId: row.id,
        role: row.role,
        displayName,
        organisationId: row.organisation_id,
        brandIds: row.role === 'brand' ? await deps.brandIdsOf(row.organisation_id) : [],
        tlpClearance: row.tlp_clearance as Tlp,
      };
    },

    async listApiKeys(
      filter: { organisationId?: number; userId?: number; includeRevoked?: boolean } = {},
    ): Promise<ApiKey[]> {
      let q = k.selectFrom('api_keys').selectAll();
      if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (!filter.includeRevoked) q = q.where('revoked_at', 'is', null);
      return (await q.orderBy('id').execute()).map(toApiKey);
    },

    async revokeApiKey(id: number, actor: Actor = { principal: null }): Promise<ApiKey> {
      return k.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw new AppError('not_found', 'no such API key');
        if (row.revoked_at !== null) return toApiKey(row);
        const updated = await trx
          .updateTable('api_keys')
          .set({ revoked_at: clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const before = toApiKey(row);
        const after = toApiKey(updated);
        await audit.record(
          { ...actor, action: 'api_key.revoke', entity: 'api_key', entityId: id, before, after },
          trx,
        );
        return after;
      });
    },
  };
}
