/**
 * CSV export of the report's tables, for Excel: UTF-8 with a BOM (or Excel reads Japanese as Shift_JIS),
 * CRLF line ends, RFC 4180 quoting. Text cells that a spreadsheet would take for a formula (starting with
 * = + - @, tab or CR) get a leading apostrophe; numbers are written as numbers, shares as "22.3%".
 */
import { crc32 } from 'node:zlib';
import type { Cell, ReportTable } from './tables.ts';

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
  let text: string;
  if (cell === null) text = '';
  else if (typeof cell === 'string') text = neutraliseFormula(cell);
  else if ('int' in cell) text = String(cell.int);
  else text = `${(cell.share * 100).toFixed(1)}%`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableToCsv(table: ReportTable): string {
  const lines = [table.columns.map(csvField), ...table.rows.map((r) => r.map(csvField))];
  return `${BOM}${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/**
 * A ZIP archive (stored, no compression: a few kilobytes of CSV) of the given files. Names are ASCII.
 * Written by hand because it is 40 lines and the project has no archive dependency.
 */
export function zipFiles(
  files: { name: string; data: Buffer }[],
  mtime = new Date(Date.UTC(2000, 0, 1)),
): Buffer {
  const dosTime =
    (mtime.getUTCHours() << 11) | (mtime.getUTCMinutes() << 5) | Math.floor(mtime.getUTCSeconds() / 2);
  const dosDate =
    ((mtime.getUTCFullYear() - 1980) << 9) | ((mtime.getUTCMonth() + 1) << 5) | mtime.getUTCDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const centralSize = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
