import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { createSharingRepository } from './sharing.repository.ts';
import { createSharingService } from './sharing.service.ts';
import { benchUrl, seedSharedUrlsForBench } from './testing/bench-seed.ts';

describe.each(DIALECTS)('benchmark seeding on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('writes what the sync would: the checker finds seeded URLs and not others, nothing left to sync', async () => {
    await seedSharedUrlsForBench(db, 1500, { batch: 400, now: Date.UTC(2026, 4, 1) });
    const sharing = createSharingService({
      repo: createSharingRepository(db),
      clock: fixedClock(Date.UTC(2026, 4, 2)),
      organisationName: 'bench',
      defaultTlp: 'clear',
    });
    expect(await sharing.sync()).toMatchObject({ processed: 0 });
    await sharing.checker.refresh();
    expect(sharing.checker.size()).toBe(1500);
    expect((await sharing.checker.check(benchUrl(7), 'clear')).verdict).toBe('phishing');
    expect((await sharing.checker.check(benchUrl(1499), 'clear')).verdict).toBe('phishing');
    expect((await sharing.checker.check(benchUrl(1500), 'clear')).verdict).toBe('unknown');
    expect((await sharing.hashList.update(null, 0)).additions).toHaveLength(1500);
  });
});
