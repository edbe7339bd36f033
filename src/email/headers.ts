import { isIP } from 'node:net';
import addressparser from 'nodemailer/lib/addressparser';
import { decodeBytes } from './charset.ts';
import type { EmailAddress, ReceivedHop } from './types.ts';

/**
 * Header helpers working on the raw header lines mailparser keeps (binary strings, one char per
 * byte). mailparser's own decoded values lose bytes of unlabelled 8-bit headers and turn an
 * unparseable Date into "now", so everything the report shows is decoded here from the bytes.
 */

export interface RawHeader {
  /** Lower-case header name. */
  key: string;
  /** Unfolded value, still one char per byte (latin1). */
  value: string;
}

const MAX_RECEIVED = 100;

export function toRawHeaders(lines: ReadonlyArray<{ key: string; line: string }> | undefined): RawHeader[] {
  const out: RawHeader[] = [];
  for (const { key, line } of lines ?? []) {
    const colon = line.indexOf(':');
    const value = colon < 0 ? '' : line.slice(colon + 1);
    out.push({ key: key.trim().toLowerCase(), value: value.replace(/\r?\n[ \t]*/g, ' ').trim() });
  }
  return out;
}

export function first(headers: RawHeader[], key: string): string | null {
  return headers.find((h) => h.key === key)?.value ?? null;
}

export function all(headers: RawHeader[], key: string): string[] {
  return headers.filter((h) => h.key === key).map((h) => h.value);
}

/** Raw bytes (binary string) to text: 8-bit runs and ISO-2022-JP escapes are sniffed, not assumed UTF-8. */
export function decodeRaw(binary: string): string {
  if (!/[\x1b\x80-\xff]/.test(binary)) return binary;
  return decodeBytes(Buffer.from(binary, 'latin1'), null).text;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding === 'b' || encoding === 'B') return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/**
 * Decodes RFC 2047 encoded words. Adjacent words in the same charset are joined as bytes before
 * decoding, because broken senders split a multibyte character (or an ISO-2022-JP escape run)
 * across two words; each run is then decoded with its label checked against the bytes.
 */
export function decodeWords(text: string): string {
  if (!text.includes('=?')) return text;
  const parts: string[] = [];
  let runCharset: string | null = null;
  let runBytes: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(ENCODED_WORD)) {
    const between = text.slice(last, m.index);
    const charset = m[1]!.replace(/\*.*$/, '').toLowerCase();
    // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
    const adjacent = runCharset !== null && /^\s*$/.test(between);
    if (!adjacent || runCharset !== charset) {
      if (runCharset !== null) parts.push(decodeBytes(Buffer.concat(runBytes), runCharset).text);
      if (!adjacent) parts.push(between);
      runCharset = charset;
      runBytes = [];
    }
    runBytes.push(wordBytes(m[2]!, m[3]!));
    last = m.index + m[0].length;
  }
  if (runCharset !== null) parts.push(decodeBytes(Buffer.concat(runBytes), runCharset).text);
  parts.push(text.slice(last));
  return parts.join('');
}

/** A header value as a person would read it: raw bytes sniffed, then encoded words decoded. */
export function decodeHeaderText(binary: string | null): string | null {
  if (binary === null) return null;
  const text = decodeWords(decodeRaw(binary))
    .replace(/[\r\n\t]+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

/** First mailbox of an address header. Encoded words are decoded in the display name only. */
export function parseAddress(binary: string | null): EmailAddress | null {
  if (binary === null) return null;
  const text = decodeRaw(binary);
  let list: { name: string; address: string }[];
  try {
    list = addressparser(text, { flatten: true });
  } catch {
    list = [];
  }
  const entry = list.find((a) => a.address) ?? list[0];
  if (!entry) return text.trim() ? { name: decodeHeaderText(text), address: null } : null;
  const name = decodeWords(entry.name ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  // "Brand,(<noreply@brand.example>)": the address hides in a comment, where addressparser does not
  // look; mail clients still show it, so the victim saw it.
  const address = (entry.address || text.match(/<\s*([^<>\s@]+@[^<>\s@]+)\s*>/)?.[1] || '').trim();
  if (!name && !address) return null;
  return { name: name || null, address: address || null };
}

export function parseAddressOnly(binary: string | null): string | null {
  return parseAddress(binary)?.address ?? null;
}

// Zone abbreviations V8's Date parser does not know but mail clients write.
const ZONES: Record<string, string> = {
  JST: '+0900',
  KST: '+0900',
  CET: '+0100',
  CEST: '+0200',
  BST: '+0100',
};

/** RFC 5322 date (or something close) to ISO 8601; null when it cannot be read. */
export function parseMailDate(value: string | null): string | null {
  if (!value) return null;
  const cleaned = value
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\b(JST|KST|CEST|CET|BST)\b/g, (z) => ZONES[z] ?? z)
    .replace(/\s+/g, ' ')
    .trim();
  // V8's Date parser accepts almost anything ("_smtpDate . 1" is 2001): demand a time and a real date.
  const hasDate =
    /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s/i.test(cleaned) ||
    /\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{2,4}/.test(cleaned);
  if (!hasDate || !/\d{1,2}:\d{2}/.test(cleaned)) return null;
  // Without a zone V8 would use the server's local time; UTC at least makes the result reproducible.
  const zoned = /[+-]\d{2}:?\d{2}\b|\b(?:UTC?|GMT|Z|[ECMP][SD]T)\b/i.test(cleaned)
    ? cleaned
    : `${cleaned} UTC`;
  const time = Date.parse(zoned);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year < 1970 || year > 2200 ? null : new Date(time).toISOString();
}

function findIp(text: string): string | null {
  const bracketed = text.match(/\[(?:IPv6:)?([0-9a-fA-F:.]+)\]/);
  if (bracketed && isIP(bracketed[1]!)) return bracketed[1]!;
  for (const m of text.matchAll(/[0-9a-fA-F:.]{3,}/g)) {
    for (const candidate of [m[0], m[0].replace(/^[.:]+|[.:]+$/g, '')]) if (isIP(candidate)) return candidate;
  }
  return null;
}

/** Received headers, topmost (added last, by the receiving side) first. */
export function parseReceived(headers: RawHeader[]): ReceivedHop[] {
  return all(headers, 'received')
    .slice(0, MAX_RECEIVED)
    .map((raw) => {
      const value = decodeRaw(raw);
      const semicolon = value.lastIndexOf(';');
      const clauses = semicolon < 0 ? value : value.slice(0, semicolon);
      const fromMatch = clauses.match(/^\s*from\s+([^\s()]+)/i);
      const byMatch = clauses.match(/(?:^|[\s)])by\s+([^\s()]+)/i);
      const fromClause = fromMatch ? clauses.slice(0, byMatch?.index ?? clauses.length) : '';
      return {
        from: fromMatch?.[1] ?? null,
        by: byMatch?.[1] ?? null,
        ip: fromClause ? findIp(fromClause) : null,
        date: semicolon < 0 ? null : parseMailDate(value.slice(semicolon + 1)),
      };
    });
}

/** Message-ID without decoration: the first <...> token, or the trimmed value. */
export function parseMessageId(value: string | null): string | null {
  if (!value) return null;
  const bracketed = value.match(/<([^<>\s]+)>/);
  const id = (bracketed?.[1] ?? value).trim();
  return id === '' ? null : id;
}
