import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FEED_FILE_FORMATS, type FeedFileFormat, readFeedFile } from './feed-file.ts';
import { collectEntries, fixturePath, SHARED_DATA } from './testing/loopback.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-feed-file-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CASES: Record<FeedFileFormat, { file: string; items: number; rejected: number; options?: object }> = {
  jpcert: { file: path.join(SHARED_DATA, 'jpcert-phishurl/202301.csv'), items: 2040, rejected: 0 },
  openphish: { file: 'openphish/feed.txt', items: 16, rejected: 0 },
  'phishtank-json': { file: 'phishtank/online-valid.json', items: 7, rejected: 0 },
  'phishtank-csv': { file: 'phishtank/online-valid.csv', items: 8, rejected: 0 },
  urlhaus: { file: 'urlhaus/csv.txt', items: 6, rejected: 1 },
  stix: { file: 'stix/bundle.json', items: 10, rejected: 2 },
  misp: { file: 'misp/manifest.json', items: 9, rejected: 0 },
  generic: {
    file: 'generic/partner-ja.csv',
    items: 5,
    rejected: 2,
    options: { mapping: { url: 'URL', date: '検知日時', id: '通番', delimiter: ';', timezone: '+09:00' } },
  },
};

describe('readFeedFile (phishdesk import --format …)', () => {
  it('covers every file format', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FEED_FILE_FORMATS].sort());
  });

  for (const [format, c] of Object.entries(CASES) as [FeedFileFormat, (typeof CASES)[FeedFileFormat]][]) {
    it(`reads ${format}`, async () => {
      const file = path.isAbsolute(c.file) ? c.file : fixturePath(c.file);
      const { items, rejected } = await collectEntries(readFeedFile(format, file, c.options ?? {}));
      expect(items.length).toBeGreaterThanOrEqual(c.items);
      if (format !== 'jpcert') expect(items).toHaveLength(c.items);
      expect(rejected).toHaveLength(c.rejected);
      expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    });
  }

  it('inflates a gzip dump (online-valid.json.gz)', async () => {
    const gz = path.join(tmp, 'online-valid.json.gz');
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(fixturePath('phishtank/online-valid.json'))));
    const { items } = await collectEntries(readFeedFile('phishtank-json', gz));
    expect(items).toHaveLength(7);
  });

  it('refuses a generic file without mapping and a missing file', () => {
    expect(() => readFeedFile('generic', fixturePath('generic/partner-ja.csv'))).toThrow(/mapping/);
    expect(() => readFeedFile('openphish', path.join(tmp, 'nope.txt'))).toThrow(/no such file/);
    expect(() =>
      readFeedFile('generic', fixturePath('generic/partner-ja.csv'), {
        mapping: { url: 'URL', hasHeader: false },
      }),
    ).toThrow(/indexes/);
  });
});
