import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';

describe.each(DIALECTS)('first-admin hint for the sign-in page on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });
  const setup = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/setup' });
    expect(res.statusCode).toBe(200);
    return res.json() as { needsFirstAdmin: boolean; command: string | null };
  };

  it('names the command while nobody can administer, and nothing once an active admin exists', async () => {
    expect(await setup()).toEqual({
      needsFirstAdmin: true,
      command: expect.stringContaining('phishdesk user create --role admin'),
    });
    // An analyst cannot create users: still no way in for an administrator.
    await ctx.accounts.createUser({
      email: 'analyst@example.test',
      displayName: 'A',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    expect((await setup()).needsFirstAdmin).toBe(true);
    const admin = await ctx.accounts.createUser({
      email: 'admin@example.test',
      displayName: 'Admin',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    expect(await setup()).toEqual({ needsFirstAdmin: false, command: null });
    expect(admin.role).toBe('admin');
  });
});
