import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FeedEntry } from './feed-item.ts';
import { parseJpcertDate, readJpcertCsv } from './jpcert.ts';

async function read(text: string): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  for await (const e of readJpcertCsv(Readable.from([text]))) out.push(e);
  return out;
}

describe('parseJpcertDate', () => {
  it('reads JST and returns UTC milliseconds', () => {
    expect(parseJpcertDate('2023/06/01 09:37:00')).toBe(Date.UTC(2023, 5, 1, 0, 37, 0));
  });
  it('rejects impossible and malformed dates', () => {
    expect(parseJpcertDate('2023/02/30 10:00:00')).toBeNull();
    expect(parseJpcertDate('2023-06-01 09:37:00')).toBeNull();
    expect(parseJpcertDate('')).toBeNull();
    expect(parseJpcertDate('2023/13/01 10:00:00')).toBeNull();
    expect(parseJpcertDate('2023/06/01 24:00:00')).toBeNull();
    expect(parseJpcertDate('2023/06/01 10:60:00')).toBeNull();
    expect(parseJpcertDate('2023/06/01 10:00:60')).toBeNull();
    expect(parseJpcertDate('2023/O6/01 10:00:00')).toBeNull();
    expect(parseJpcertDate('2023/06/01  10:00:0')).toBeNull();
  });
  it('knows leap years and month lengths', () => {
    expect(parseJpcertDate('2020/02/29 00:00:00')).toBe(Date.UTC(2020, 1, 28, 15));
    expect(parseJpcertDate('2100/02/29 00:00:00')).toBeNull();
    expect(parseJpcertDate('2000/02/29 00:00:00')).not.toBeNull();
    expect(parseJpcertDate('2023/04/31 00:00:00')).toBeNull();
    expect(parseJpcertDate('2023/12/31 23:59:59')).toBe(Date.UTC(2023, 11, 31, 14, 59, 59));
  });
  it('accepts surrounding spaces', () => {
    expect(parseJpcertDate(' 2023/06/01 09:37:00 ')).toBe(Date.UTC(2023, 5, 1, 0, 37, 0));
  });
});

describe('readJpcertCsv', () => {
  it('yields items with label and date, quoted URLs with commas intact', async () => {
    const rows = await read(
      'date,URL,description\n2019/03/11 17:27:00,"https://x.example/a.php?ID={a,6,7}&u=1",Amazon\n2019/08/22 14:57:00,http://a.example/p,"Brazil Ministry, of Agriculture"\n',
    );
    expect(rows).toHaveLength(2);
    const first = rows[0] as { item: { url: string; brandLabel: string; reportedAt: number } };
    expect(first.item.url).toBe('https://x.example/a.php?ID={a,6,7}&u=1');
    expect(first.item.brandLabel).toBe('Amazon');
    expect((rows[1] as { item: { brandLabel: string } }).item.brandLabel).toBe(
      'Brazil Ministry, of Agriculture',
    );
  });

  it('keeps exact repeats as distinct but stable ids', async () => {
    const text =
      'date,URL,description\n2020/01/01 00:00:00,http://a.example/,X\n2020/01/01 00:00:00,http://a.example/,X\n';
    const a = (await read(text)).map((e) => ('item' in e ? e.item.externalId : ''));
    const b = (await read(text)).map((e) => ('item' in e ? e.item.externalId : ''));
    expect(new Set(a).size).toBe(2);
    expect(a).toEqual(b);
  });

  it('rejects bad rows with their line and reason, and goes on', async () => {
    const rows = await read(
      'date,URL,description\nnot a date,http://a.example/,X\n2020/01/01 00:00:00,http://b.example/\n2020/01/01 00:00:00,http://c.example/,Y\n',
    );
    const rejected = rows.filter((r) => 'rejected' in r).map((r) => ('rejected' in r ? r.rejected : null));
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatchObject({ line: 2, reason: expect.stringContaining('date') });
    expect(rejected[1]).toMatchObject({ line: 3, reason: expect.stringContaining('expected 3 fields') });
    expect(rows.filter((r) => 'item' in r)).toHaveLength(1);
  });

  it('fails instead of hanging when the input stream breaks', async () => {
    const { PassThrough } = await import('node:stream');
    const input = new PassThrough();
    input.write('date,URL,description\n2020/01/01 00:00:00,http://a.example/,X\n');
    setTimeout(() => input.destroy(new Error('connection reset')), 10);
    await expect(
      (async () => {
        for await (const _ of readJpcertCsv(input)) {
          // consume
        }
      })(),
    ).rejects.toThrow('connection reset');
  });

  it('reports an unclosed quote as a rejection instead of throwing', async () => {
    const rows = await read(
      'date,URL,description\n2020/01/01 00:00:00,http://a.example/,X\n2020/01/01 00:00:00,"http://b.example/,Y\n',
    );
    expect(rows.filter((r) => 'item' in r)).toHaveLength(1);
    expect(rows.some((r) => 'rejected' in r && r.rejected.reason.startsWith('CSV structure'))).toBe(true);
  });
});
