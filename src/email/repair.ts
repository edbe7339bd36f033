import { decodeBytes, SNIFF_LABEL } from './charset.ts';

/**
 * Byte-level repairs applied before (re-)parsing a message mailparser could not read well.
 * Everything works on a latin1 view of the bytes, so every byte survives the round trip.
 */

/** Offset of the blank line ending the top header block (or the length when there is none). */
function headerEnd(text: string): number {
  const m = text.match(/\r?\n\r?\n/);
  return m ? m.index! : text.length;
}

/** Strips what makes mailsplit see no headers at all: a UTF-8 BOM, leading blank lines; UTF-16 is transcoded. */
export function normalizeStart(raw: Buffer): { buffer: Buffer; warnings: string[] } {
  const warnings: string[] = [];
  let buffer = raw;
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    const text = new TextDecoder(buffer[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buffer);
    buffer = Buffer.from(text, 'utf8');
    warnings.push('input.utf16_transcoded');
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
  let skip = 0;
  while (skip < buffer.length && skip < 4096 && (buffer[skip] === 0x0d || buffer[skip] === 0x0a)) skip++;
  if (skip > 0) {
    buffer = buffer.subarray(skip);
    warnings.push('headers.leading_blank_lines');
  }
  // "From : a@b" as the first line would be dropped as an mbox "From " separator line.
  const spacedFrom = buffer
    .subarray(0, 16)
    .toString('latin1')
    .match(/^From[ \t]+:/);
  if (spacedFrom) buffer = Buffer.concat([Buffer.from('From:'), buffer.subarray(spacedFrom[0].length)]);
  // A pasted body without any header: an empty header block makes all of it the body.
  if (!/^(?:From |[\x21-\x39\x3b-\x7e]{1,100}[ \t]*:)/.test(buffer.subarray(0, 128).toString('latin1'))) {
    buffer = Buffer.concat([Buffer.from('\r\n'), buffer]);
    warnings.push('headers.none');
  }
  return { buffer, warnings };
}

/**
 * A top-level multipart Content-Type without a boundary parameter leaves mailparser with no body
 * at all. The first `--token` line of the body is almost always the boundary: add it.
 */
export function repairMissingBoundary(raw: Buffer): Buffer | null {
  const text = raw.toString('latin1');
  const end = headerEnd(text);
  const head = text.slice(0, end);
  const ct = head.match(/^content-type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im);
  if (!ct || /boundary\s*=/i.test(ct[0])) return null;
  const candidate = text.slice(end).match(/^--([^\s-][^\s]{0,199}?)(?:--)?[ \t]*\r?$/m);
  if (!candidate) return null;
  const fixed = `${ct[0].replace(/;?\s*$/, '')}; boundary="${candidate[1]!.replace(/"/g, '')}"`;
  return Buffer.from(text.slice(0, ct.index!) + fixed + text.slice(ct.index! + ct[0].length), 'latin1');
}

/**
 * Labels every text/plain and text/html part that declares no charset (or UTF-8/ASCII) with
 * SNIFF_LABEL, so that mailparser hands its bytes to the sniffing decoder instead of reading them
 * as UTF-8 (which turns unlabelled Shift_JIS into U+FFFD). A root without Content-Type gets one.
 */
export function labelTextPartsForSniffing(raw: Buffer): Buffer {
  let text = raw.toString('latin1');
  if (!/^content-type:/im.test(text.slice(0, headerEnd(text)))) {
    text = `Content-Type: text/plain; charset=${SNIFF_LABEL}\r\n${text}`;
  }
  text = text.replace(
    /^(content-type:[ \t]*text\/(?:plain|html)\b)([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gim,
    (_match, type: string, params: string) => {
      const charset = params.match(/charset\s*=\s*"?([^";\s]*)"?/i);
      if (!charset) return `${type}${params.replace(/;?\s*$/, '')}; charset=${SNIFF_LABEL}`;
      const label = charset[1]!.toLowerCase().replace(/[^a-z0-9]/g, '');
      if (label !== '' && label !== 'utf8' && label !== 'usascii' && label !== 'ascii') return type + params;
      return type + params.replace(charset[0], `charset=${SNIFF_LABEL}`);
    },
  );
  return Buffer.from(text, 'latin1');
}

/** True when decoded text shows the marks of a wrong charset: U+FFFD or raw ISO-2022-JP escapes. */
export function looksMisdecoded(text: string | undefined | null): boolean {
  return !!text && (text.includes('\uFFFD') || /\x1b[$(]/.test(text));
}

export interface RawFallback {
  headerLines: { key: string; line: string }[];
  text: string;
  html: string | null;
}

/**
 * Last resort when mailparser rejects the message: the header block split into lines, and the
 * body (transfer decoding guessed from the top-level header) sniff-decoded as one text.
 */
export function rawFallback(raw: Buffer): RawFallback {
  const text = raw.toString('latin1');
  const end = headerEnd(text);
  const headerLines: { key: string; line: string }[] = [];
  for (const line of text.slice(0, end).split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && colon < 100) headerLines.push({ key: line.slice(0, colon).trim().toLowerCase(), line });
  }
  let body = text.slice(end).replace(/^\r?\n\r?\n/, '');
  const cte = headerLines.find((h) => h.key === 'content-transfer-encoding')?.line.toLowerCase() ?? '';
  let bytes: Buffer;
  if (cte.includes('base64')) bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else {
    if (cte.includes('quoted-printable') || /=\r?\n|=3D/i.test(body)) {
      body = body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
    bytes = Buffer.from(body, 'latin1');
  }
  const decoded = decodeBytes(bytes, null).text;
  return {
    headerLines,
    text: decoded,
    html: /<(?:html|body|a|div|table|p)\b/i.test(decoded) ? decoded : null,
  };
}
