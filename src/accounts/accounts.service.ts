import { type Kysely, type Selectable, sql } from 'kysely';
import type { AuditLog } from '../audit/audit.log.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Tlp } from '../lib/tlp.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { UsersTable } from './accounts.tables.ts';
import { createCredentials, sha256 } from './credentials.ts';
import { createOrganisations } from './organisations.ts';
import { weakPasswordReason } from './password-policy.ts';
import {
  dummyPasswordHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PARAMS,
  type PasswordParams,
  verifyPassword,
} from './passwords.ts';
import { type Principal, ROLES, type Role } from './principal.ts';

export { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from './organisations.ts';
export const LANGS = ['ja', 'en'] as const;

/** Who asks for a change: recorded in the audit log. null principal = the operator at the command line. */
export type Actor = { principal: Principal | null; requestId?: string | null };
const CLI: Actor = { principal: null };

export type User = {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  organisationId: number | null;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
  lastLoginAt: number | null;
  lang: string;
};

/** After this many consecutive failures an account is locked, for a time that doubles with each further one. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_BASE_MS = 60_000;
export const LOCK_MAX_MS = 60 * 60_000;

export function lockDuration(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(LOCK_BASE_MS * 2 ** (failures - LOCK_AFTER_FAILURES), LOCK_MAX_MS);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !EMAIL.test(e)) throw new AppError('request.invalid', 'not an e-mail address');
  return e;
}

/** Length, then what attackers try first (password-policy.ts), judged against the account's e-mail. */
function checkPassword(password: string, email: string): void {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new AppError('request.invalid', `the password needs at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH)
    throw new AppError('request.invalid', 'the password is too long');
  const reason = weakPasswordReason(password, email);
  if (reason)
    throw new AppError(
      'auth.weak_password',
      'the password is too easy to guess (blank, repeated characters, the e-mail address or a common password)',
      { reason },
    );
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role as Role,
    organisationId: r.organisation_id,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    lang: r.lang,
  };
}

/** What the audit log keeps of a user: everything but the password hash. */
function auditView(u: User) {
  const { lastLoginAt: _a, ...rest } = u;
  return rest;
}

const INVALID = () => new AppError('auth.invalid_credentials', 'wrong e-mail address or password');
const LOCKED = (until: number, now: number) =>
  new AppError('auth.locked', 'too many failed sign-ins: try again later', {
    retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
  });

export function createAccountsService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  /** scrypt cost of new hashes (config.passwords); existing hashes verify with their own. */
  passwordParams?: PasswordParams;
}) {
  const { db, clock, audit } = deps;
  const params = deps.passwordParams ?? PASSWORD_PARAMS;
  const k = db.kysely;

  /**
   * Failures for e-mail addresses that have no account, so that they lock exactly like real accounts and
   * the answer never tells whether an address is registered. Bounded; per process.
   */
  const unknownFailures = new Map<string, { failures: number; lockedUntil: number }>();

  async function brandIdsOf(organisationId: number | null, q: Kysely<Database> = k): Promise<number[]> {
    if (organisationId === null) return [];
    const rows = await q
      .selectFrom('organisation_brands')
      .select('brand_id')
      .where('organisation_id', '=', organisationId)
      .orderBy('brand_id')
      .execute();
    return rows.map((r) => r.brand_id);
  }

  async function getUserRow(id: number, q: Kysely<Database> = k) {
    const row = await q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'no such user');
    return row;
  }

  async function getOrganisationRow(id: number, q: Kysely<Database> = k) {
    const row = await q.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'no such organisation');
    return row;
  }

  /** The principal of a signed-in user: brand users see their organisation's brands, staff everything. */
  async function principalForUser(user: User, kind: Principal['kind'] = 'session'): Promise<Principal> {
    const brandIds = user.role === 'brand' ? await brandIdsOf(user.organisationId) : [];
    const tlpClearance: Tlp =
      user.role === 'admin' || user.role === 'analyst' ? 'red' : user.role === 'brand' ? 'amber' : 'green';
    return {
      kind,
      userId: user.id,
      apiKeyId: null,
      role: user.role,
      displayName: user.displayName,
      organisationId: user.role === 'brand' || user.role === 'partner' ? user.organisationId : null,
      brandIds,
      tlpClearance,
    };
  }

  /**
   * Counts a password attempt before its hash is checked, in one statement: refused (null) while the account
   * is locked, and the attempt that reaches the threshold sets the lock itself. Parallel wrong passwords
   * therefore cannot all pass a lock read taken before the ~0.2 s hash; a right password clears it after.
   */
  async function claimAttempt(userId: number, now: number): Promise<number | null> {
    const next = sql<number>`failed_logins + 1`;
    const steps: ReturnType<typeof sql>[] = [];
    for (let n = LOCK_AFTER_FAILURES; lockDuration(n) < LOCK_MAX_MS; n++)
      steps.push(sql`when ${next} = ${n} then ${now + lockDuration(n)}`);
    const row = await k
      .updateTable('users')
      .set({
        failed_logins: next,
        locked_until: sql<number | null>`case when ${next} < ${LOCK_AFTER_FAILURES} then locked_until
          ${sql.join(steps, sql` `)} else ${now + LOCK_MAX_MS} end`,
      })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirst();
    return row ? Number(row.failed_logins) : null;
  }

  /** The attempt counted by claimAttempt failed: a lock it set goes on the record. */
  async function auditFailure(userId: number, failures: number, now: number): Promise<void> {
    const lock = lockDuration(failures);
    if (lock === 0) return;
    // A lock is worth an admin's attention (someone guessing, or a user who forgot): on the record.
    await audit.record({
      principal: null,
      action: 'user.lock',
      entity: 'user',
      entityId: userId,
      after: { failedLogins: failures, lockedUntil: now + lock },
    });
  }

  /** claimAttempt, or 429 `auth.locked` with the time left while the account is locked. */
  async function claimOrRefuse(userId: number, now: number): Promise<number> {
    const failures = await claimAttempt(userId, now);
    if (failures !== null) return failures;
    const locked = await k
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', userId)
      .executeTakeFirst();
    throw LOCKED(Number(locked?.locked_until ?? now), now);
  }

  const credentials = createCredentials({ db, clock, audit, brandIdsOf, principalForUser, toUser });

  async function checkRoleOrganisation(role: Role, organisationId: number | null, q: Kysely<Database>) {
    if (!ROLES.includes(role))
      throw new AppError('request.invalid', `role must be one of ${ROLES.join(', ')}`);
    if (role === 'brand') {
      if (organisationId === null)
        throw new AppError('request.invalid', 'a brand user belongs to a brand organisation');
      const org = await getOrganisationRow(organisationId, q);
      if (org.kind !== 'brand')
        throw new AppError('request.invalid', 'a brand user belongs to a brand organisation');
    } else if (organisationId !== null) {
      await getOrganisationRow(organisationId, q);
    }
  }

  const organisations = createOrganisations({ db, clock, audit, brandIdsOf, getOrganisationRow });

  return {
    ...credentials,
    ...organisations,
    principalForUser,
    brandIdsOf,

    async createUser(
      input: {
        email: string;
        displayName: string;
        role: Role;
        password: string;
        organisationId?: number | null;
        lang?: string;
      },
      actor: Actor = CLI,
    ): Promise<User> {
      const email = normaliseEmail(input.email);
      const displayName = input.displayName.trim();
      if (!displayName || displayName.length > 200)
        throw new AppError('request.invalid', 'a display name of 1 to 200 characters is required');
      checkPassword(input.password, email);
      const lang = input.lang ?? 'ja';
      if (!(LANGS as readonly string[]).includes(lang))
        throw new AppError('request.invalid', 'lang must be ja or en');
      const passwordHash = await hashPassword(input.password, params);
      return k.transaction().execute(async (trx) => {
        const organisationId = input.organisationId ?? null;
        await checkRoleOrganisation(input.role, organisationId, trx);
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirst();
        if (taken) throw new AppError('conflict', 'a user with this e-mail address exists');
        const row = await trx
          .insertInto('users')
          .values({
            email,
            display_name: displayName,
            role: input.role,
            organisation_id: organisationId,
            password_hash: passwordHash,
            created_at: clock.now(),
            lang,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const user = toUser(row);
        await audit.record(
          { ...actor, action: 'user.create', entity: 'user', entityId: user.id, after: auditView(user) },
          trx,
        );
        return user;
      });
    },

    /**
     * Checks an e-mail address and password. Wrong address, wrong password and disabled account give the
     * same error; after LOCK_AFTER_FAILURES failures the address is locked with a doubling backoff, known or
     * not, and a lock holds even against the right password.
     */
    async authenticate(emailInput: string, password: string): Promise<User> {
      const now = clock.now();
      let email: string;
      try {
        email = normaliseEmail(emailInput);
      } catch {
        throw INVALID();
      }
      const row = await k.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (!row) {
        const state = unknownFailures.get(email) ?? { failures: 0, lockedUntil: 0 };
        if (state.lockedUntil > now) throw LOCKED(state.lockedUntil, now);
        // Counted before the (dummy) hash, like a real account, so parallel guesses meet the lock too.
        state.failures += 1;
        state.lockedUntil = state.failures >= LOCK_AFTER_FAILURES ? now + lockDuration(state.failures) : 0;
        if (unknownFailures.size >= 10_000)
          unknownFailures.delete(unknownFailures.keys().next().value as string);
        unknownFailures.set(email, state);
        await verifyPassword(password, await dummyPasswordHash(params));
        throw INVALID();
      }
      const failures = await claimOrRefuse(row.id, now);
      const ok = await verifyPassword(password, row.password_hash);
      if (!ok || row.disabled === 1) {
        await auditFailure(row.id, failures, now);
        throw INVALID();
      }
      const signedIn = await k
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, last_login_at: now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(signedIn);
    },

    /**
     * A signed-in user changes their own password: the current one is checked (a wrong one counts towards
     * the lock, so a stolen session cannot guess it), then every other session of the user ends.
     */
    async changeOwnPassword(
      userId: number,
      current: string,
      next: string,
      options: { keepSessionToken?: string; requestId?: string | null; principal?: Principal | null } = {},
    ): Promise<void> {
      const now = clock.now();
      const row = await getUserRow(userId);
      checkPassword(next, row.email);
      // Counted before the hash like a sign-in: parallel wrong guesses from a stolen session meet the lock.
      const failures = await claimOrRefuse(userId, now);
      if (!(await verifyPassword(current, row.password_hash))) {
        await auditFailure(userId, failures, now);
        throw INVALID();
      }
      const passwordHash = await hashPassword(next, params);
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
          .where('id', '=', userId)
          .execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', userId);
        if (options.keepSessionToken)
          others = others.where('token_hash', '!=', sha256(options.keepSessionToken));
        await others.execute();
        await audit.record(
          {
            principal: options.principal ?? null,
            requestId: options.requestId ?? null,
            action: 'user.password_change',
            entity: 'user',
            entityId: userId,
            after: { passwordChanged: true },
          },
          trx,
        );
      });
    },

    async getUser(id: number): Promise<User> {
      return toUser(await getUserRow(id));
    },

    async findUserByEmail(email: string): Promise<User | null> {
      const row = await k
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      return row ? toUser(row) : null;
    },

    /** Whether anyone can administer this installation yet (the sign-in page tells a newcomer how). */
    async hasActiveAdmin(): Promise<boolean> {
      const row = await k
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listUsers(filter: { organisationId?: number; role?: Role } = {}): Promise<User[]> {
      let q = k.selectFrom('users').selectAll();
      if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
      if (filter.role !== undefined) q = q.where('role', '=', filter.role);
      return (await q.orderBy('id').execute()).map(toUser);
    },

    /** Role, organisation, display name, language, disabled, password, unlock; disabling ends the user's sessions. */
    async updateUser(
      id: number,
      patch: {
        role?: Role;
        organisationId?: number | null;
        displayName?: string;
        lang?: string;
        disabled?: boolean;
        password?: string;
        /** Lift a sign-in lock (and forget the failures). */
        unlock?: boolean;
      },
      actor: Actor = CLI,
    ): Promise<User> {
      if (patch.password !== undefined) checkPassword(patch.password, (await getUserRow(id)).email);
      if (patch.lang !== undefined && !(LANGS as readonly string[]).includes(patch.lang))
        throw new AppError('request.invalid', 'lang must be ja or en');
      if (patch.displayName !== undefined && (!patch.displayName.trim() || patch.displayName.length > 200))
        throw new AppError('request.invalid', 'a display name of 1 to 200 characters is required');
      const passwordHash =
        patch.password === undefined ? undefined : await hashPassword(patch.password, params);
      return k.transaction().execute(async (trx) => {
        const before = toUser(await getUserRow(id, trx));
        const role = patch.role ?? before.role;
        const organisationId =
          patch.organisationId === undefined ? before.organisationId : patch.organisationId;
        await checkRoleOrganisation(role, organisationId, trx);
        // Nobody could administer the instance any more (short of the command line): refuse.
        if (before.role === 'admin' && !before.disabled && (role !== 'admin' || patch.disabled === true)) {
          const admins = await trx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('role', '=', 'admin')
            .where('disabled', '=', 0)
            .executeTakeFirstOrThrow();
          if (Number(admins.n) <= 1) throw new AppError('conflict', 'this is the last active admin');
        }
        const row = await trx
          .updateTable('users')
          .set({
            role,
            organisation_id: organisationId,
            ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
            ...(patch.lang !== undefined ? { lang: patch.lang } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
            ...(patch.unlock ? { failed_logins: 0, locked_until: null } : {}),
            // A new password (set by an admin) also lifts a lock.
            ...(passwordHash !== undefined
              ? { password_hash: passwordHash, failed_logins: 0, locked_until: null }
              : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = toUser(row);
        // A changed role, organisation or password, or a disabled account: existing sessions must not keep
        // the old rights.
        if (
          after.disabled ||
          after.role !== before.role ||
          after.organisationId !== before.organisationId ||
          passwordHash !== undefined
        )
          await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit.record(
          {
            ...actor,
            action: 'user.update',
            entity: 'user',
            entityId: id,
            before: auditView(before),
            after: { ...auditView(after), ...(passwordHash !== undefined ? { passwordChanged: true } : {}) },
          },
          trx,
        );
        return after;
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
