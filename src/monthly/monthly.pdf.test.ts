/**
 * The check: the PDF of a month is produced (Chromium's print of the page) and its text holds the
 * headline figures. Real JPCERT/CC data; the report count is computed here from the CSV rows. SQLite only
 * (the page and the print do not depend on the dialect; the service tests run on both).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { readJpcertCsv } from '../feeds/jpcert.ts';
import { buildServer } from '../http/server.ts';
import { createMonthlyModule } from './monthly.module.ts';
import { principal } from './testing.ts';

const DATA = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl');
const FILES = ['202304.csv', '202305.csv'];
const DATE = /^(\d{4})\/(\d{2})\/\d{2} \d{2}:\d{2}:\d{2}$/;

/** Rows of 2023-05 (JST dates) with a URL, straight from the CSV text. */
function mayRows(texts: string[]): number {
  let n = 0;
  for (const text of texts) {
    const records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    for (const fields of records) {
      if (fields.length !== 3 || !fields[1]?.trim()) continue;
      const m = DATE.exec(fields[0]!.trim());
      if (m && m[1] === '2023' && m[2] === '05') n++;
    }
  }
  return n;
}

const grouped = (n: number) => n.toLocaleString('en-US');

async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.normalize('NFKC');
}

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.resolve('bin/phishdesk.mjs'), ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('monthly report PDF (sqlite, real JPCERT/CC data)', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let expectedReports: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-pdf-'));

  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
    const texts = FILES.map((f) => fs.readFileSync(path.join(DATA, f), 'utf8'));
    expectedReports = mayRows(texts);
    async function* entries() {
      for (const text of texts) yield* readJpcertCsv(Readable.from([text]), 'jpcert');
    }
    await ctx.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, entries());
    const { monthly } = createMonthlyModule(ctx);
    await monthly.saveDraft(principal('analyst'), '2023-05', { summaryJa: '5月の総括です。' });
    await monthly.publish(principal('analyst'), '2023-05');
    app = await buildServer(ctx);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the published page to an A4 PDF holding the headline figures, and caches it', async () => {
    const res = await app.inject({ url: '/reports/monthly/2023-05.pdf' });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const view = await createMonthlyModule(ctx).monthly.view(null, '2023-05');
    const h = view.figures.stats.headline;
    expect(h.reports.value).toBe(expectedReports);
    expect(expectedReports).toBeGreaterThan(1000);
    const text = await pdfText(pdf);
    expect(text).toContain('フィッシング報告状況 2023年5月');
    for (const n of [
      h.reports.value,
      h.uniqueUrls.value,
      h.uniqueUrlsMergedSubdomains.value,
      h.brandsAbused.value,
    ])
      expect(text).toContain(grouped(n));
    expect(text).toContain(grouped(expectedReports));
    expect(text).toContain(
      `前月比 ${h.reports.change >= 0 ? '+' : '−'}${grouped(Math.abs(h.reports.change))}`,
    );
    expect(text).toContain('5月の総括です。');

    // A4: 595 × 842 points.
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    const page = await doc.getPage(1);
    const [, , w, hgt] = page.view;
    expect(Math.round(w!)).toBe(595);
    expect(Math.round(hgt!)).toBe(842);

    const cached = await ctx.db.kysely.selectFrom('monthly_report_pdfs').select(['lang']).execute();
    expect(cached).toEqual([{ lang: 'ja' }]);
    const again = await app.inject({ url: '/reports/monthly/2023-05.pdf' });
    expect(again.rawPayload.equals(pdf)).toBe(true);

    // Unpublishing drops the cached print: a corrected report is never served from the old PDF.
    await createMonthlyModule(ctx).monthly.unpublish(principal('admin'), '2023-05');
    expect(await ctx.db.kysely.selectFrom('monthly_report_pdfs').select('lang').execute()).toEqual([]);
    expect((await app.inject({ url: '/reports/monthly/2023-05.pdf' })).statusCode).toBe(404);
    await createMonthlyModule(ctx).monthly.publish(principal('admin'), '2023-05');
  }, 120_000);

  it('`phishdesk report pdf` writes the same report in English', async () => {
    const out = path.join(dir, 'report.pdf');
    const r = await runCli(['report', 'pdf', '--month', '2023-05', '--out', out, '--lang', 'en'], {
      DATABASE_URL: ctx.testDb.url,
      DATA_DIR: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const text = await pdfText(fs.readFileSync(out));
    expect(text).toContain('Phishing report status, May 2023');
    expect(text).toContain(grouped(expectedReports));
    const bad = await runCli(['report', 'pdf', '--month', '2023-5', '--out', out], {
      DATABASE_URL: ctx.testDb.url,
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('request.invalid');
  }, 120_000);
});
