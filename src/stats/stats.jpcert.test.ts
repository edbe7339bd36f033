/**
 * The check: on JPCERT/CC's published data, the engine's monthly unique URL counts and top-5
 * TLDs equal a computation written here straight from the CSV rows, independently of the engine (no
 * import service, no SQL): canonical URL as the key (the project's definition of "a URL"), TLD as the
 * host's last label, JST month from the date column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { readJpcertCsv } from '../feeds/jpcert.ts';
import type { Dialect } from '../storage/database.ts';
import { canonicalizeUrl } from '../urls/canonicalize.ts';
import { createStatsRepository } from './stats.repository.ts';
import { createStatsService } from './stats.service.ts';

const DATA = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl');
/** Three months on SQLite (~22,000 rows); one on PostgreSQL keeps the run short. */
const FILES: Record<Dialect, string[]> = {
  sqlite: ['202304.csv', '202305.csv', '202306.csv'],
  postgres: ['202304.csv'],
};
const DATE = /^(\d{4})\/(\d{2})\/(\d{2}) \d{2}:\d{2}:\d{2}$/;

/**
 * The TLD by hand: the host's last label (lower case, port and trailing dot dropped); none for an IP
 * address. No public suffix list, nothing shared with the engine.
 */
function tldOf(authority: string): string | null {
  const host = authority.replace(/^.*@/, '').replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return null;
  return host.split('.').pop()!;
}

type MonthFacts = { rows: number; urls: Map<string, string | null> };

/** Month → rows dated in it and its distinct canonical URLs with their TLD, from the CSV text alone. */
function expectedFromCsv(texts: string[]): Map<string, MonthFacts> {
  const months = new Map<string, MonthFacts>();
  for (const text of texts) {
    const records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    for (const [i, fields] of records.entries()) {
      if (i === 0 && fields.join(',') === 'date,URL,description') continue;
      if (fields.length !== 3) continue;
      const [date, url] = fields as [string, string, string];
      const m = DATE.exec(date.trim());
      if (!m || !url.trim()) continue;
      // The date column is JST already: its first seven characters are the month (real days only).
      const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (day.getUTCDate() !== Number(m[3])) continue;
      const month = `${m[1]}-${m[2]}`;
      const facts = months.get(month) ?? { rows: 0, urls: new Map() };
      months.set(month, facts);
      facts.rows++;
      let canonical: string;
      try {
        canonical = canonicalizeUrl(url.trim());
      } catch {
        continue;
      }
      facts.urls.set(canonical, tldOf(/^[a-z]+:\/\/([^/?]+)/.exec(canonical)![1]!));
    }
  }
  return months;
}

function topTlds(urls: Map<string, string | null>, n: number): [string | null, number][] {
  const counts = new Map<string | null, number>();
  for (const tld of urls.values()) counts.set(tld, (counts.get(tld) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] ?? '').localeCompare(b[0] ?? '')).slice(0, n);
}

describe.each(Object.keys(FILES) as Dialect[])('monthly figures on JPCERT/CC data (%s)', (dialect) => {
  let ctx: TestContext;
  let expected: Map<string, MonthFacts>;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const texts = FILES[dialect].map((f) => fs.readFileSync(path.join(DATA, f), 'utf8'));
    expected = expectedFromCsv(texts);
    async function* entries() {
      for (const text of texts) yield* readJpcertCsv(Readable.from([text]), 'jpcert');
    }
    await ctx.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, entries());
  }, 120_000);
  afterAll(async () => ctx?.close());

  it('agrees on reports, unique URLs and the top-5 TLDs of every month in the files', async () => {
    const stats = createStatsService({ repo: createStatsRepository(ctx.db), clock: ctx.clock });
    // Each file's own month is there with a real volume (1,800–10,600 URLs a month).
    for (const f of FILES[dialect]) {
      expect(expected.get(`${f.slice(0, 4)}-${f.slice(4, 6)}`)?.urls.size).toBeGreaterThan(1000);
    }
    for (const [month, facts] of expected) {
      const s = await stats.computeMonth({ month });
      expect(s.headline.reports.value, `${month} reports`).toBe(facts.rows);
      expect(s.headline.uniqueUrls.value, `${month} unique URLs`).toBe(facts.urls.size);
      expect(
        s.sites.tlds.top.slice(0, 5).map((t) => [t.tld, t.urls]),
        `${month} top-5 TLDs`,
      ).toEqual(topTlds(facts.urls, 5));
      // Merging subdomains can only lower the count.
      expect(s.headline.uniqueUrlsMergedSubdomains.value).toBeLessThanOrEqual(facts.urls.size);
    }
  });
});
