import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { readFeedFile } from './feed-file.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-field-limits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MiB = 1_048_576;

/** A partner CSV with one row too large in each way, between rows that are fine (default limits). */
function partnerCsv(): string {
  const file = path.join(tmp, `partner-${Math.random().toString(36).slice(2)}.csv`);
  const rows = [
    'id,url,brand,note',
    '1,http://ok-1.example.com/a,Amazon,fine',
    `2,http://big-cell.example.com/a,Amazon,${'x'.repeat(MiB)}`,
    '3,http://ok-3.example.com/a,Amazon,fine',
    `4,http://long.example.com/${'p'.repeat(9000)},Amazon,fine`,
    `5,http://wide.example.com/a,Amazon,${Array.from({ length: 5 }, () => 'w'.repeat(60_000)).join(',')}`,
    `6,http://brand.example.com/a,${'b'.repeat(70_000)},fine`,
    '7,http://ok-7.example.com/a,Amazon,fine',
  ];
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe.each(DIALECTS)('imported rows over the size limits on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => ctx?.close());

  async function storedPayloads(source: string) {
    return ctx.db.kysely
      .selectFrom('reports')
      .innerJoin('sources', 'sources.id', 'reports.source_id')
      .select(['reports.external_id', 'reports.payload', 'reports.status'])
      .where('sources.name', '=', source)
      .orderBy('reports.external_id')
      .execute();
  }

  it('refuses each oversized row with its line and why, and imports the rest of the file whole', async () => {
    const entries = readFeedFile('generic', partnerCsv(), {
      mapping: { url: 'url', id: 'id', brand: 'brand' },
    });
    const summary = await ctx.imports.importEntries({ name: 'partner', kind: 'generic' }, entries);
    expect(summary).toMatchObject({ rows: 7, inserted: 3, invalidUrls: 0 });
    expect(summary.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, `field fields[3] is ${MiB} bytes; at most 65536`],
      [5, 'URL is 9024 bytes; at most 8192'],
      [6, 'row is 300077 bytes as stored; at most 262144'],
      [7, 'field fields[2] is 70000 bytes; at most 65536'],
    ]);
    const stored = await storedPayloads('partner');
    expect(stored.map((r) => r.external_id)).toEqual(['1', '3', '7']);
    // What is stored is the row as read, nothing cut.
    expect(JSON.parse(stored[0]!.payload)).toEqual({
      line: 2,
      fields: ['1', 'http://ok-1.example.com/a', 'Amazon', 'fine'],
    });
    // Re-running refuses the same rows again and adds nothing.
    const again = await ctx.imports.importEntries(
      { name: 'partner', kind: 'generic' },
      readFeedFile('generic', partnerCsv(), { mapping: { url: 'url', id: 'id', brand: 'brand' } }),
    );
    expect(again).toMatchObject({ inserted: 0, known: 3 });
    expect(again.rejected).toHaveLength(4);
  });

  it('an item without a line is named by its id; the id and brand columns are bounded too', async () => {
    const summary = await ctx.imports.importEntries({ name: 'api-feed', kind: 'generic' }, [
      {
        item: {
          externalId: 'a-1',
          url: 'http://a.example.com/',
          threat: 'phishing',
          raw: { c: 'y'.repeat(70_000) },
        },
      },
      { item: { externalId: 'i'.repeat(70_000), url: 'http://b.example.com/', threat: 'phishing', raw: {} } },
      {
        item: {
          externalId: 'a-3',
          url: 'http://c.example.com/',
          brandLabel: 'n'.repeat(70_000),
          threat: 'phishing',
          raw: {},
          line: 9,
          file: 'drop.csv',
        },
      },
      { item: { externalId: 'a-4', url: 'http://d.example.com/', threat: 'phishing', raw: { c: 'ok' } } },
    ]);
    expect(summary.rejected.map((r) => r.reason)).toEqual([
      'id a-1: field c is 70000 bytes; at most 65536',
      `id ${'i'.repeat(80)}: id is 70000 bytes; at most 65536`,
      'drop.csv:9: brand is 70000 bytes; at most 65536',
    ]);
    expect((await storedPayloads('api-feed')).map((r) => r.external_id)).toEqual(['a-4']);
  });
});
