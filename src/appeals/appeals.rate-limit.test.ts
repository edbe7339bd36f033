import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from '../http/server.ts';

describe('appeal rate limit', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { RATE_LIMIT_PER_MINUTE: '2' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('answers 429 request.rate_limited past RATE_LIMIT_PER_MINUTE per client, on the API and the form', async () => {
    const payload = { target: 'a.example', contactEmail: 'a@a.example', statement: 'mine' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ method: 'POST', url: '/api/v1/appeals', payload })).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
    const limited = await app.inject({ method: 'POST', url: '/api/v1/appeals', payload });
    expect(limited.json().error.code).toBe('request.rate_limited');
    const form = () =>
      app.inject({
        method: 'POST',
        url: '/appeal',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'target=a.example&contact_email=a%40a.example&statement=mine',
      });
    expect([(await form()).statusCode, (await form()).statusCode, (await form()).statusCode]).toEqual([
      201, 201, 429,
    ]);
  });
});
