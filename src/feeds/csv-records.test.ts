import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records.ts';

async function collect(input: Readable, options?: { comment?: string }) {
  const out: unknown[] = [];
  for await (const r of csvRecords(input, options)) out.push(r);
  return out;
}

/** The same bytes cut into chunks of `size` bytes, so records, quotes and UTF-8 characters straddle chunks. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

const TEXT =
  '\uFEFFdate,URL,description\n' +
  '2020/01/01 00:00:00,"https://a.example/?q=1,2",アマゾン\n' +
  '2020/01/02 00:00:00,"https://b.example/\nsecond line",楽天\n' +
  '\n' +
  '2020/01/03 00:00:00,https://c.example/,"say ""hi"""\n';

describe('csvRecords', () => {
  it('gives every record with the line it ends on, however the input is cut into chunks', async () => {
    const whole = await collect(Readable.from([TEXT]));
    expect(whole).toEqual([
      { fields: ['date', 'URL', 'description'], line: 1 },
      { fields: ['2020/01/01 00:00:00', 'https://a.example/?q=1,2', 'アマゾン'], line: 2 },
      { fields: ['2020/01/02 00:00:00', 'https://b.example/\nsecond line', '楽天'], line: 4 },
      { fields: ['2020/01/03 00:00:00', 'https://c.example/', 'say "hi"'], line: 6 },
    ]);
    for (const size of [1, 2, 3, 7, 64]) expect(await collect(chunked(TEXT, size))).toEqual(whole);
  });

  it('reads plain Uint8Array chunks as well as Buffers and strings', async () => {
    const bytes = new TextEncoder().encode(TEXT);
    const parts = [bytes.subarray(0, 40), bytes.subarray(40, 41), bytes.subarray(41)];
    expect(await collect(Readable.from(parts))).toEqual(await collect(Readable.from([TEXT])));
  });

  it('reports a broken record in its place among the good ones and goes on', async () => {
    const out = await collect(chunked('a,b\n"open,c\nd,e\n', 3));
    expect(out[0]).toEqual({ fields: ['a', 'b'], line: 1 });
    expect(out.at(-1)).toMatchObject({ rejected: { reason: expect.stringMatching(/^CSV structure/) } });
  });

  it('skips comment lines only at the start of a line', async () => {
    const out = await collect(Readable.from(['# header\nhttps://a.example/#frag,x\n']), { comment: '#' });
    expect(out).toEqual([{ fields: ['https://a.example/#frag', 'x'], line: 2 }]);
  });

  it('fails when the input stream fails', async () => {
    const input = new PassThrough();
    input.write('a,b\n');
    setTimeout(() => input.destroy(new Error('connection reset')), 10);
    await expect(collect(input)).rejects.toThrow('connection reset');
  });
});
