import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

/**
 * Charset decoding that survives the labels phishing mail actually carries: missing, wrong
 * (`utf-8` on Shift_JIS bytes, `iso-2022-jp` on CP932 text), or aliases WHATWG does not know.
 * Decoding is strict first (TextDecoder `fatal`), so a failure is a signal to sniff instead of
 * silently producing U+FFFD. Node's built-in TextDecoder (full ICU) covers ISO-2022-JP, which
 * iconv-lite lacks; iconv-lite is only the fallback for labels TextDecoder refuses (cp850, ...).
 */

export interface Decoded {
  text: string;
  /** WHATWG name of the charset actually used. */
  charset: string;
  /** True when the declared label was missing, unusable or overridden by sniffing. */
  guessed: boolean;
}

// Labels seen in Japanese mail that TextDecoder does not accept, mapped to the decoder that reads them.
const ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  'x-ms-cp932': 'shift_jis',
  mskanji: 'shift_jis',
  shift_jisx0213: 'shift_jis',
  'shift_jis-2004': 'shift_jis',
  'iso-2022-jp-1': 'iso-2022-jp',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  'iso-2022-jp-ms': 'iso-2022-jp',
  cp50220: 'iso-2022-jp',
  cp50221: 'iso-2022-jp',
  cp50222: 'iso-2022-jp',
  jis: 'iso-2022-jp',
  'euc-jp-ms': 'euc-jp',
  'eucjp-ms': 'euc-jp',
  eucjp: 'euc-jp',
  cp51932: 'euc-jp',
  '7bit': 'utf-8',
  '8bit': 'utf-8',
};

const REFUSED = /^(?:(?:cs)?unicode11)?utf7(?:imap)?$|^base64$|^hex$/;
const UTF8_LIKE = new Set(['utf-8', 'us-ascii', 'ascii', 'ansi_x3.4-1968', 'x-phishdesk-sniff', '']);
const MULTIBYTE = new Set([
  'utf-8',
  'shift_jis',
  'euc-jp',
  'iso-2022-jp',
  'gbk',
  'gb18030',
  'big5',
  'euc-kr',
]);

const decoders = new Map<string, TextDecoder | null>();
function textDecoder(label: string, fatal: boolean): TextDecoder | null {
  const key = `${fatal ? 'f' : 'l'}:${label}`;
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label, { fatal });
    } catch {
      decoder = null; // label unknown to WHATWG
    }
    decoders.set(key, decoder);
  }
  return decoder;
}

function strict(bytes: Uint8Array, label: string): string | null {
  const decoder = textDecoder(label, true);
  if (!decoder) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

function lenient(bytes: Uint8Array, label: string): string {
  const decoder = textDecoder(label, false);
  if (decoder) return decoder.decode(bytes);
  if (iconv.encodingExists(label)) return iconv.decode(Buffer.from(bytes), label);
  return Buffer.from(bytes).toString('utf8');
}

/** Labels TextDecoder refuses (cp850, ...) through iconv-lite; null when unknown or lossy. */
function viaIconv(bytes: Uint8Array, label: string): string | null {
  if (textDecoder(label, true) || !iconv.encodingExists(label)) return null;
  const text = iconv.decode(Buffer.from(bytes), label);
  return text.includes('\uFFFD') ? null : text;
}

/** Lower-cased, unquoted, alias-resolved label; '' when missing. */
export function normalizeCharset(label: string | null | undefined): string {
  const name = (label ?? '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\*.*$/, '') // RFC 2231 language suffix
    .toLowerCase();
  // UTF-7 can smuggle markup ("+ADw-script+AD4-"), base64/hex are no charsets: like mailparser,
  // never decode from them.
  if (REFUSED.test(name.replace(/[^a-z0-9]/g, ''))) return 'utf-8';
  return ALIASES[name] ?? name;
}

function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80 || bytes[i] === 0x1b) return false;
  return true;
}

function hasIso2022Escape(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0x1b && (bytes[i + 1] === 0x24 || bytes[i + 1] === 0x28)) return true;
  }
  return false;
}

/**
 * How Japanese a decoded text looks: kana and kanji count for it; half-width katakana and private
 * use characters are what EUC-JP read as Shift_JIS (or the reverse) tends to produce, so they count
 * against it. Only the first 32k characters are looked at.
 */
function japaneseScore(text: string): { score: number; kana: number; nonAscii: number } {
  let kana = 0;
  let kanji = 0;
  let bad = 0;
  let nonAscii = 0;
  const end = Math.min(text.length, 32_768);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) kanji++;
    else if ((c >= 0xff61 && c <= 0xff9f) || (c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd) bad++;
    else if (c >= 0x80 && c <= 0x9f) bad++; // C1 controls: a single-byte reading of multibyte text
  }
  return { score: kana * 2 + kanji - bad * 3, kana, nonAscii };
}

function best(bytes: Uint8Array, labels: string[]): { text: string; charset: string } | null {
  let winner: { text: string; charset: string; score: number } | null = null;
  for (const label of labels) {
    const text = strict(bytes, label);
    if (text === null) continue;
    const { score } = japaneseScore(text);
    if (!winner || score > winner.score) winner = { text, charset: label, score };
  }
  return winner;
}

/**
 * Decodes `bytes` declared as `declared` (a MIME charset label, or null when none was given).
 * Never throws; the worst case is a lenient decode with U+FFFD.
 */
export function decodeBytes(bytes: Uint8Array, declared?: string | null): Decoded {
  const label = normalizeCharset(declared);
  if (isPlainAscii(bytes)) {
    return { text: Buffer.from(bytes).toString('latin1'), charset: 'us-ascii', guessed: false };
  }
  if (hasIso2022Escape(bytes)) {
    const text = strict(bytes, 'iso-2022-jp');
    if (text !== null) return { text, charset: 'iso-2022-jp', guessed: label !== 'iso-2022-jp' };
  }
  const declaredIsUtf8 = UTF8_LIKE.has(label);
  const canonical = declaredIsUtf8 ? 'utf-8' : (textDecoder(label, true)?.encoding ?? label);
  const asDeclared = declaredIsUtf8
    ? strict(bytes, 'utf-8')
    : (strict(bytes, canonical) ?? viaIconv(bytes, label));

  if (asDeclared !== null) {
    if (declaredIsUtf8 || MULTIBYTE.has(canonical)) {
      // A valid multibyte reading is kept unless a Japanese reading is clearly better: EUC-JP bytes
      // are often valid Shift_JIS too, and then the declared one loses only on a clear margin.
      if (canonical === 'shift_jis' || canonical === 'euc-jp') {
        const other = best(bytes, [canonical === 'shift_jis' ? 'euc-jp' : 'shift_jis', 'utf-8']);
        if (other && japaneseScore(other.text).score > japaneseScore(asDeclared).score + 4) {
          return { ...other, guessed: true };
        }
      }
      return { text: asDeclared, charset: canonical, guessed: false };
    }
    // Single-byte labels accept any byte, so they never fail: override them only when the bytes
    // are valid UTF-8 (the most common mislabel) or read as convincingly Japanese text.
    const utf8 = strict(bytes, 'utf-8');
    if (utf8 !== null) return { text: utf8, charset: 'utf-8', guessed: true };
    const ja = best(bytes, ['shift_jis', 'euc-jp']);
    if (ja) {
      const { kana, nonAscii } = japaneseScore(ja.text);
      if (kana >= 2 && kana * 4 >= nonAscii) return { ...ja, guessed: true };
    }
    return { text: asDeclared, charset: canonical, guessed: false };
  }

  // The declared label failed (or is unknown to WHATWG): try what Japanese mail usually is.
  const sniffed = best(bytes, ['utf-8', 'shift_jis', 'euc-jp']);
  if (sniffed) return { ...sniffed, guessed: true };
  // Nothing fits: lenient reading in the declared charset, windows-1252 when that is UTF-8 (it at
  // least keeps every byte visible instead of turning them all into U+FFFD).
  const fallback = declaredIsUtf8 ? 'windows-1252' : canonical;
  return { text: lenient(bytes, fallback), charset: fallback, guessed: true };
}

/** What the sniffing decoder reports back for each body part it decoded. */
export type DecodeReport = (declared: string, result: Decoded) => void;

/**
 * A class with the interface of node-iconv's `Iconv`, for mailparser's `Iconv` option: mailparser
 * then hands every text part that declares a non-UTF-8 charset to us instead of libmime, so the
 * declared label can be checked against the bytes. The part is buffered (mailparser and libmime
 * buffer Japanese parts anyway) and decoded in one go on end.
 */
export function makeSniffingIconv(report: DecodeReport) {
  return class SniffingIconv extends Transform {
    private readonly chunks: Buffer[] = [];
    constructor(private readonly declared: string) {
      super();
    }
    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(chunk);
      done();
    }
    override _flush(done: TransformCallback): void {
      const declared = this.declared === SNIFF_LABEL ? '' : this.declared;
      const result = decodeBytes(Buffer.concat(this.chunks), declared);
      report(declared, result);
      this.push(Buffer.from(result.text, 'utf8'));
      done();
    }
  };
}

/** Charset label we put on parts that declare none (or UTF-8) when re-parsing a broken message. */
export const SNIFF_LABEL = 'x-phishdesk-sniff';
