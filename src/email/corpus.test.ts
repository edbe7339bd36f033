import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERDICTS as AUTH_VERDICTS } from './auth.ts';
import { parseEmail } from './parse.ts';
import type { ParsedEmail } from './types.ts';

const CORPUS = path.resolve(process.cwd(), '../shared/data/phishing-pot');
const VERDICTS = [null, ...AUTH_VERDICTS];

function checkShape(file: string, parsed: ParsedEmail): void {
  const isoOrNull = (v: string | null) => v === null || !Number.isNaN(Date.parse(v));
  expect(parsed.subject === null || typeof parsed.subject === 'string', file).toBe(true);
  expect(isoOrNull(parsed.date), file).toBe(true);
  expect(
    parsed.received.every((r) => isoOrNull(r.date)),
    file,
  ).toBe(true);
  expect(typeof parsed.text, file).toBe('string');
  expect(parsed.text.length, file).toBeLessThanOrEqual(1_000_000);
  expect(new Set(parsed.urls).size, file).toBe(parsed.urls.length);
  expect(
    parsed.urls.every((u) => typeof u === 'string' && u.length > 0 && u === u.trim() && !/[\r\n]/.test(u)),
    file,
  ).toBe(true);
  expect(
    parsed.attachments.every((a) => /^[0-9a-f]{64}$/.test(a.sha256) && a.size >= 0),
    file,
  ).toBe(true);
  for (const verdict of [parsed.auth.spf, parsed.auth.dkim, parsed.auth.dmarc])
    expect(VERDICTS, file).toContain(verdict);
  expect(Array.isArray(parsed.warnings), file).toBe(true);
  // Nothing undecodable slipped through as mojibake in the fields a person reads.
  expect(parsed.subject ?? '', file).not.toMatch(/\x1b\$/);
}

describe('the phishing-pot corpus', () => {
  it('parses every file without throwing and with sane aggregate figures', async () => {
    const files = (await readdir(CORPUS)).filter((f) => f.endsWith('.eml')).sort();
    expect(files.length).toBeGreaterThan(300);
    let withUrl = 0;
    let withDmarc = 0;
    let withFrom = 0;
    let withSubject = 0;
    let warned = 0;
    for (const file of files) {
      const parsed = await parseEmail(await readFile(path.join(CORPUS, file)));
      checkShape(file, parsed);
      if (parsed.urls.length > 0) withUrl++;
      if (parsed.auth.dmarc !== null) withDmarc++;
      if (parsed.from?.address) withFrom++;
      if (parsed.subject) withSubject++;
      if (parsed.warnings.length > 0) warned++;
    }
    const share = (n: number) => n / files.length;
    console.log(
      `phishing-pot: ${files.length} e-mails, ≥1 URL ${(share(withUrl) * 100).toFixed(1)}%, DMARC verdict ${(share(withDmarc) * 100).toFixed(1)}%, From address ${(share(withFrom) * 100).toFixed(1)}%, subject ${(share(withSubject) * 100).toFixed(1)}%, with warnings ${warned}`,
    );
    expect(share(withUrl)).toBeGreaterThan(0.5);
    expect(share(withDmarc)).toBeGreaterThan(0.3);
    expect(share(withFrom)).toBeGreaterThan(0.8);
    expect(share(withSubject)).toBeGreaterThan(0.8);
    expect(share(warned)).toBeLessThan(0.5);
  }, 120_000);
});
