import iconv from 'iconv-lite';

/**
 * Builders for hand-made test messages. Encoding goes through iconv-lite and hand-written
 * transfer encodings, not through the code under test, so a decoding bug cannot cancel itself out.
 */

export const CRLF = '\r\n';

/** Joins header lines and a body into raw message bytes (CRLF line ends). */
export function message(headers: string[], body: Buffer | string = ''): Buffer {
  const head = Buffer.from(headers.join(CRLF) + CRLF + CRLF, 'latin1');
  return Buffer.concat([
    head,
    typeof body === 'string' ? Buffer.from(body.replace(/\r?\n/g, CRLF), 'utf8') : body,
  ]);
}

export function encode(text: string, charset: string): Buffer {
  if (charset.toLowerCase() === 'iso-2022-jp') return toIso2022Jp(text);
  return iconv.encode(text, charset);
}

/** ISO-2022-JP from EUC-JP: a JIS X 0208 character is its two EUC-JP bytes without the high bit. */
export function toIso2022Jp(text: string): Buffer {
  const out: number[] = [];
  let kanji = false;
  for (const ch of text) {
    const euc = iconv.encode(ch, 'euc-jp');
    if (euc.length === 2 && euc[0]! >= 0xa1) {
      if (!kanji) out.push(0x1b, 0x24, 0x42); // ESC $ B
      kanji = true;
      out.push(euc[0]! & 0x7f, euc[1]! & 0x7f);
    } else {
      if (kanji) out.push(0x1b, 0x28, 0x42); // ESC ( B
      kanji = false;
      out.push(...euc);
    }
  }
  if (kanji) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

export function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

export function quotedPrintable(bytes: Buffer): string {
  let line = '';
  const lines: string[] = [];
  for (const byte of bytes) {
    if (byte === 0x0a) {
      lines.push(line.replace(/\r$/, ''));
      line = '';
      continue;
    }
    const ch =
      byte >= 0x80 || byte === 0x3d || (byte < 0x20 && byte !== 0x09)
        ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte);
    if (line.length + ch.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += ch;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** RFC 2047 B-encoded word of `text` in `charset`. */
export function encodedWordB(text: string, charset: string): string {
  return `=?${charset}?B?${encode(text, charset).toString('base64')}?=`;
}

/** RFC 2047 Q-encoded word of raw bytes. */
export function encodedWordQ(bytes: Buffer, charset: string): string {
  let out = '';
  for (const byte of bytes) {
    out +=
      byte === 0x20
        ? '_'
        : /[A-Za-z0-9]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?${charset}?Q?${out}?=`;
}

/** Header line with raw (unencoded) bytes, as a latin1 string so message() keeps the bytes. */
export function rawHeader(name: string, bytes: Buffer): string {
  return `${name}: ${bytes.toString('latin1')}`;
}
