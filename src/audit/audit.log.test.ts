import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import type { Principal } from '../accounts/principal.ts';
import { fixedClock } from '../lib/clock.ts';
import { createAuditLog, redactSecrets } from './audit.log.ts';

const analyst: Principal = {
  kind: 'session',
  userId: 7,
  apiKeyId: null,
  role: 'analyst',
  displayName: 'A',
  organisationId: null,
  brandIds: [],
  tlpClearance: 'red',
};

describe('redactSecrets', () => {
  it('hides passwords, hashes of keys, tokens and credentials at any depth, keeps flags and other fields', () => {
    expect(
      redactSecrets({
        password: 'p',
        password_hash: 'scrypt$…',
        nested: [{ csrfToken: 't', key: 'pdk_x', keyHash: 'h', credentials: { user: 'u' }, url_hash: 'u1' }],
        passwordChanged: true,
        role: 'admin',
      }),
    ).toEqual({
      password: '[redacted]',
      password_hash: '[redacted]',
      nested: [
        {
          csrfToken: '[redacted]',
          key: '[redacted]',
          keyHash: '[redacted]',
          credentials: '[redacted]',
          url_hash: 'u1',
        },
      ],
      passwordChanged: true,
      role: 'admin',
    });
  });
});

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('records who, what, when, before/after (secrets redacted), inside the caller’s transaction', async () => {
    const clock = fixedClock(1_000);
    const audit = createAuditLog(db, clock);
    await audit.record({
      principal: analyst,
      action: 'url.triage',
      entity: 'url',
      entityId: 42,
      before: { status: 'new' },
      after: { status: 'confirmed', token: 'secret' },
      requestId: 'req-1',
    });
    clock.advance(10);
    await audit.record({
      principal: null,
      action: 'user.create',
      entity: 'user',
      entityId: 1,
      after: { id: 1 },
    });
    // A transaction that fails takes its entry with it.
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await audit.record({ principal: analyst, action: 'x.y', entity: 'x', entityId: null }, trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const all = await audit.list();
    expect(all).toHaveLength(2);
    expect(all[1]).toEqual({
      id: all[1]!.id,
      at: 1_000,
      actorUserId: 7,
      actorApiKeyId: null,
      action: 'url.triage',
      entity: 'url',
      entityId: '42',
      before: { status: 'new' },
      after: { status: 'confirmed', token: '[redacted]' },
      requestId: 'req-1',
    });
    expect(all[0]).toMatchObject({ at: 1_010, actorUserId: null, before: null });
    expect(await audit.list({ entity: 'url', entityId: 42 })).toHaveLength(1);
    expect(await audit.list({ actorUserId: 7 })).toHaveLength(1);
    expect(await audit.list({ from: 1_005 })).toHaveLength(1);
    expect(await audit.list({ to: 1_005 })).toHaveLength(1);
    expect(await audit.list({ action: 'user.create' })).toHaveLength(1);
  });
});
