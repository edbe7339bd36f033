import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOpenphish } from './openphish.ts';
import { collectEntries, fixturePath, fixtureStream, textStream } from './testing/loopback.ts';

describe('readOpenphish', () => {
  it('reads the community feed: one item per distinct URL, id = sha256 of the URL', async () => {
    const { items, rejected } = await collectEntries(readOpenphish(fixtureStream('openphish/feed.txt')));
    const lines = fs
      .readFileSync(fixturePath('openphish/feed.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(new Set(lines).size);
    expect(lines.length).toBeGreaterThan(items.length); // the fixture repeats one URL
    for (const item of items) {
      expect(item.externalId).toBe(createHash('sha256').update(item.url).digest('hex'));
      expect(item.threat).toBe('phishing');
      expect(item.url).not.toMatch(/\s/); // CRLF lines are trimmed
    }
  });

  it('gives the same ids on a second read', async () => {
    const a = await collectEntries(readOpenphish(fixtureStream('openphish/feed.txt')));
    const b = await collectEntries(readOpenphish(fixtureStream('openphish/feed.txt')));
    expect(b.items.map((i) => i.externalId)).toEqual(a.items.map((i) => i.externalId));
  });

  it('rejects lines that are not URLs with their line numbers, and keeps going', async () => {
    const { items, rejected } = await collectEntries(
      readOpenphish(textStream('<html>\n<body>rate limited</body>\n\nhttps://x.example/a\n# note\n', 7)),
    );
    expect(items.map((i) => i.url)).toEqual(['https://x.example/a']);
    expect(rejected.map((r) => r.line)).toEqual([1, 2]);
    expect(rejected[0]!.reason).toMatch(/not an absolute URL/);
  });
});
