import { describe, expect, it } from 'vitest';
import { collectEntries, fixtureStream, textStream } from './testing/loopback.ts';
import { readUrlhausCsv } from './urlhaus.ts';

describe('readUrlhausCsv', () => {
  it('skips the # block and reads rows as malware URLs with UTC dates', async () => {
    const { items, rejected } = await collectEntries(readUrlhausCsv(fixtureStream('urlhaus/csv.txt')));
    expect(items).toHaveLength(6);
    expect(items.every((i) => i.threat === 'malware')).toBe(true);
    expect(items[0]).toMatchObject({
      externalId: '2856145',
      url: 'http://182.121.44.213:43343/i',
      reportedAt: Date.UTC(2024, 4, 22, 7, 22, 5),
      brandLabel: null,
    });
    // A '#' inside a quoted URL is part of the URL, not a comment.
    expect(items.find((i) => i.externalId === '2856141')!.url).toMatch(/#installer$/);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 16, reason: expect.stringContaining('dateadded') });
  });

  it('rejects rows with the wrong number of fields', async () => {
    const { rejected } = await collectEntries(
      readUrlhausCsv(textStream('# header\n"1","2024-01-01 00:00:00","http://a/"\n')),
    );
    expect(rejected[0]!.reason).toMatch(/expected 9 fields, found 3/);
  });
});
