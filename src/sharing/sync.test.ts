import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { sha256Hex } from '../urls/index.ts';
import { createSharingRepository } from './sharing.repository.ts';
import { createSharingSync, listedExpression } from './sync.ts';
import { seedReportedUrl, setUrlStatus } from './testing/seed.ts';

describe.each(DIALECTS)('sharing sync on %s', (dialect) => {
  let db: TestDb;
  const clock = fixedClock(Date.UTC(2026, 4, 10));
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lists confirmed URLs with their effective TLP, re-marks and withdraws them', async () => {
    const repo = createSharingRepository(db);
    const { sync } = createSharingSync({ repo, clock, defaultTlp: 'clear' });
    const red = await seedReportedUrl(db, { url: 'https://evil-red.example/login', tlp: 'red' });
    const plain = await seedReportedUrl(db, { url: 'https://plain.example/a?b=1' });
    expect((await sync()).processed).toBe(0); // nothing confirmed yet: triggers queued nothing

    await setUrlStatus(db, red, 'confirmed');
    await setUrlStatus(db, plain, 'confirmed');
    expect(await sync()).toMatchObject({ processed: 2, listed: 2 });
    const v1 = await repo.version();
    expect(v1).toBe(1);
    const all = await repo.listShared({ clearance: 'red', brandIds: null, limit: 10 });
    expect(all.map((u) => [u.urlId, u.tlp])).toEqual([
      [red, 'red'],
      [plain, 'clear'],
    ]);
    expect(
      (await repo.listShared({ clearance: 'amber', brandIds: null, limit: 10 })).map((u) => u.urlId),
    ).toEqual([plain]);
    const hash = sha256Hex('plain.example/a?b=1');
    expect(listedExpression('https://plain.example/a?b=1')).toBe('plain.example/a?b=1');
    expect((await repo.hashesIn([hash], 0)).map((h) => h.urlId)).toEqual([plain]);

    // A second report, marked GREEN, makes the RED URL green (least restrictive wins).
    clock.advance(1000);
    await seedReportedUrl(db, { url: 'https://evil-red.example/login', tlp: 'green' });
    expect(await sync()).toMatchObject({ processed: 1, changed: 1 });
    const re = await repo.sharedUrl(red);
    expect(re).toMatchObject({ tlp: 'green', active: true, updatedAt: clock.now() });
    expect(await repo.version()).toBe(2);

    clock.advance(1000);
    await setUrlStatus(db, plain, 'rejected');
    expect(await sync()).toMatchObject({ withdrawn: 1 });
    expect(await repo.hashesIn([hash], 3)).toEqual([]);
    expect(
      (await repo.listShared({ clearance: 'red', brandIds: null, limit: 10 })).map((u) => u.urlId),
    ).toEqual([red]);
    const withdrawn = await repo.listShared({
      clearance: 'red',
      brandIds: null,
      limit: 10,
      includeWithdrawn: true,
    });
    expect(withdrawn.find((u) => u.urlId === plain)).toMatchObject({ active: false, updatedAt: clock.now() });
  });
});
