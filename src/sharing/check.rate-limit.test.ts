import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from '../http/server.ts';

describe('URL check rate limit', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { CHECK_RATE_LIMIT_PER_MINUTE: '3' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('answers 429 request.rate_limited past CHECK_RATE_LIMIT_PER_MINUTE per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await app.inject({ method: 'GET', url: '/api/v1/check?url=https%3A%2F%2Fa.example%2F' })).statusCode,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ method: 'GET', url: '/api/v1/hash-list' });
    expect(limited.statusCode).toBe(200); // each route counts on its own
  });
});
