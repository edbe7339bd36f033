import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMappingOption } from './feed-file.ts';
import { readGeneric } from './generic.ts';
import { collectEntries, fixtureStream, textStream } from './testing/loopback.ts';

describe('readGeneric', () => {
  it('reads a partner CSV by column names: ; delimiter, JST dates, Japanese labels, own ids', async () => {
    const { items, rejected } = await collectEntries(
      readGeneric(fixtureStream('generic/partner-ja.csv'), {
        url: 'URL',
        date: '検知日時',
        brand: 'ブランド',
        id: '通番',
        delimiter: ';',
        timezone: '+09:00',
      }),
    );
    expect(items.map((i) => i.externalId)).toEqual([
      'JP-2024-000101',
      'JP-2024-000102',
      'JP-2024-000103',
      'JP-2024-000104',
      'JP-2024-000107',
    ]);
    expect(items[0]).toMatchObject({
      url: 'https://www.aeon-card-jp.security-check.top/login',
      brandLabel: 'イオンカード',
      reportedAt: Date.UTC(2024, 4, 21, 0, 15, 0), // 09:15 JST
      threat: 'phishing',
    });
    expect(rejected.map((r) => [r.line, r.reason.split(' ')[0]])).toEqual([
      [6, 'unreadable'],
      [7, 'empty'],
    ]);
  });

  it('reads by 0-based index without a header, ids from the URL', async () => {
    const { items } = await collectEntries(
      readGeneric(textStream('2024-05-01T00:00:00Z\thttp://a.example/x\n2024-05-02\thttp://b.example/\n'), {
        url: 1,
        date: 0,
        delimiter: '\t',
      }),
    );
    expect(items.map((i) => [i.url, i.reportedAt])).toEqual([
      ['http://a.example/x', Date.UTC(2024, 4, 1)],
      ['http://b.example/', Date.UTC(2024, 4, 2)],
    ]);
    expect(items[0]!.externalId).toBe(createHash('sha256').update('http://a.example/x').digest('hex'));
  });

  it('rejects the file once when a named column is missing', async () => {
    const { items, rejected } = await collectEntries(
      readGeneric(textStream('link,when\nhttp://a.example/,2024-01-01\n'), { url: 'url' }),
    );
    expect(items).toEqual([]);
    expect(rejected).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/"url"/) })]);
  });

  it('reads a TXT list, skipping comments and blank lines', async () => {
    const { items, rejected } = await collectEntries(
      readGeneric(fixtureStream('generic/blocklist.txt'), {
        format: 'txt',
        url: 0,
        comment: '#',
        threat: 'malware',
      }),
    );
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.url)).toEqual([
      'https://mercari-jp.payment-confirm.shop/',
      'https://docomo-point.campaign-gift.top/entry',
      'https://jcb-card.myjcb-login.icu/myjcb/login',
    ]);
    expect(items.every((i) => i.threat === 'malware')).toBe(true);
  });
});

describe('parseMappingOption', () => {
  it('turns --map into a mapping', () => {
    expect(parseMappingOption('url=URL,date=2,delimiter=tab,header=no,timezone=+09:00')).toEqual({
      url: 'URL',
      date: 2,
      delimiter: '\t',
      hasHeader: false,
      timezone: '+09:00',
    });
    expect(() => parseMappingOption('date=1')).toThrow(/url=/);
    expect(() => parseMappingOption('colour=red,url=1')).toThrow(/unknown key/);
  });
});
