import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, tableToCsv, zipFiles } from './csv.ts';
import type { ReportTable } from './tables.ts';

describe('CSV export', () => {
  it('neutralises text that a spreadsheet would run as a formula, and nothing else', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['Amazon', '.com', '1=1', 'a-b', '（IPアドレス）', ''])
      expect(neutraliseFormula(text)).toBe(text);
  });

  it('parses back to the same cells: BOM, CRLF, quotes, commas, line breaks, negative numbers', () => {
    const table: ReportTable = {
      name: 'sources',
      title: 'x',
      columns: ['名前', 'count', 'share'],
      rows: [
        ['a, "quoted"\nname', { int: -12 }, { share: -0.0512 }],
        ['=cmd|/c calc', { int: 12345 }, null],
        ['三井住友カード', { int: 0 }, { share: 1 }],
      ],
    };
    const csv = tableToCsv(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(parse(csv, { bom: true })).toEqual([
      ['名前', 'count', 'share'],
      ['a, "quoted"\nname', '-12', '-5.1%'],
      ["'=cmd|/c calc", '12345', ''],
      ['三井住友カード', '0', '100.0%'],
    ]);
  });

  it('writes a ZIP with one stored entry per file', () => {
    const zip = zipFiles([
      { name: 'a.csv', data: Buffer.from('x') },
      { name: 'b.csv', data: Buffer.from('yz') },
    ]);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    // End of central directory: two entries, central directory right after the two local entries.
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    expect(zip.readUInt32LE(end + 16)).toBe(30 + 5 + 1 + 30 + 5 + 2);
  });
});
