import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { fullHashes } from '../urls/index.ts';
import { checksumOf, parsePrefix, prefixHex } from './hash-list.ts';
import { createSharingRepository } from './sharing.repository.ts';
import { createSharingService } from './sharing.service.ts';
import { seedReportedUrl, setUrlStatus } from './testing/seed.ts';

/** A client that keeps the list locally, as the documentation tells clients to. */
function applyUpdate(local: Set<string>, u: { full: boolean; additions: string[]; removals: string[] }) {
  if (u.full) local.clear();
  for (const p of u.removals) local.delete(p);
  for (const p of u.additions) local.add(p);
}
/** The checksum recomputed independently: SHA-256 of sorted 4-byte big-endian prefixes. */
function clientChecksum(local: Set<string>): string {
  const sorted = [...local].sort();
  return createHash('sha256')
    .update(Buffer.from(sorted.join(''), 'hex'))
    .digest('hex');
}

describe('prefix encodings', () => {
  it('reads hex and base64 prefixes', () => {
    expect(parsePrefix('af30010e')).toBe(0xaf30010e);
    expect(parsePrefix(Buffer.from('af30010e', 'hex').toString('base64'))).toBe(0xaf30010e);
    expect(parsePrefix('af30010')).toBeNull();
    expect(parsePrefix('AAAAAAAAAAA=')).toBeNull(); // 8 bytes
    expect(prefixHex(0x0000010e)).toBe('0000010e');
    expect(checksumOf([2, 1])).toBe(checksumOf([1, 2]));
  });
});

describe.each(DIALECTS)('hash list and hash search on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('serves full lists and diffs a client can apply and verify; search returns the full hashes', async () => {
    const sharing = createSharingService({
      repo: createSharingRepository(db),
      clock: fixedClock(Date.UTC(2026, 4, 1)),
      organisationName: 'test',
      defaultTlp: 'clear',
    });
    const a = await seedReportedUrl(db, { url: 'https://a-phish.example/x', confirm: true });
    const b = await seedReportedUrl(db, { url: 'https://b-phish.example/y', confirm: true });
    await seedReportedUrl(db, { url: 'https://amber-phish.example/z', tlp: 'amber', confirm: true });
    await sharing.sync();
    const local = new Set<string>();
    const first = await sharing.hashList.update(null, 0);
    applyUpdate(local, first);
    expect(first.full).toBe(true);
    expect(local.size).toBe(2); // the AMBER URL is not on the public list
    expect(clientChecksum(local)).toBe(first.checksum);
    const v1 = first.version;

    await setUrlStatus(db, a, 'rejected');
    const c = await seedReportedUrl(db, { url: 'https://c-phish.example/', confirm: true });
    await sharing.sync();
    const diff = await sharing.hashList.update(v1, 0);
    expect(diff.full).toBe(false);
    const expectedAdd = fullHashes('https://c-phish.example/')[0]!.prefix;
    const expectedRemove = fullHashes('https://a-phish.example/x')[0]!.prefix;
    expect(diff.additions).toEqual([expectedAdd]);
    expect(diff.removals).toEqual([expectedRemove]);
    applyUpdate(local, diff);
    expect(clientChecksum(local)).toBe(diff.checksum);
    expect((await sharing.hashList.update(diff.version, 0)).additions).toEqual([]);

    // hashes:search by prefix: the full hash of b's listed expression, nothing for a (withdrawn)
    const bFull = fullHashes('https://b-phish.example/y')[0]!;
    expect(await sharing.repo.hashesByPrefix([parsePrefix(bFull.prefix)!], 0)).toEqual([bFull.hash]);
    expect(await sharing.repo.hashesByPrefix([parsePrefix(expectedRemove)!], 3)).toEqual([]);
    expect([b, c].length).toBe(2);
  });
});
