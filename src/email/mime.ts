import { type ParsedMail, simpleParser } from 'mailparser';
import { type Decoded, makeSniffingIconv } from './charset.ts';
import {
  labelTextPartsForSniffing,
  looksMisdecoded,
  normalizeStart,
  rawFallback,
  repairMissingBoundary,
} from './repair.ts';

/**
 * Runs mailparser's simpleParser with everything we do not need switched off, and repairs what
 * it cannot read: a missing multipart boundary, text parts in an undeclared or wrong charset, and
 * (as a last resort) a message it rejects outright. Never throws.
 */

const PARSE_TIMEOUT_MS = 20_000;

export interface MimeResult {
  headerLines: ReadonlyArray<{ key: string; line: string }>;
  text: string;
  html: string | null;
  attachments: {
    filename: string | null;
    contentType: string;
    size: number;
    sha256: string;
    content: Buffer;
  }[];
  warnings: string[];
}

async function runParser(buffer: Buffer, charsetNotes: string[]): Promise<ParsedMail> {
  const Iconv = makeSniffingIconv((declared: string, result: Decoded) => {
    if (result.guessed) charsetNotes.push(`charset.guessed: ${declared || 'none'} -> ${result.charset}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${PARSE_TIMEOUT_MS} ms`)), PARSE_TIMEOUT_MS);
  });
  try {
    const parsing = simpleParser(buffer, {
      skipHtmlToText: true, // we reduce HTML to text ourselves, cheaply and only when needed
      skipImageLinks: true,
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      ignoreEmbedded: true, // forwarded messages come back as raw message/rfc822 attachments
      checksumAlgo: 'sha256',
      Iconv,
    });
    // The timer only bounds how long we wait: mailparser cannot be cancelled.
    return await Promise.race([parsing, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isEmpty(mail: ParsedMail): boolean {
  return !mail.text && !mail.html && mail.attachments.length === 0;
}

function hasBody(buffer: Buffer): boolean {
  const text = buffer.toString('latin1', 0, Math.min(buffer.length, 1 << 20));
  const m = text.match(/\r?\n\r?\n/);
  return !!m && /\S/.test(text.slice(m.index! + m[0].length));
}

export async function parseMime(raw: Buffer): Promise<MimeResult> {
  const { buffer, warnings } = normalizeStart(raw);
  const charsetNotes: string[] = [];
  let mail: ParsedMail;
  try {
    mail = await runParser(buffer, charsetNotes);
  } catch (err) {
    const fallback = rawFallback(buffer);
    warnings.push(`mime.unparsed: ${(err as Error).message}`.slice(0, 200));
    return { ...fallback, attachments: [], warnings };
  }

  let text = mail.text ?? '';
  let html = typeof mail.html === 'string' ? mail.html : null;
  if (isEmpty(mail) && hasBody(buffer)) {
    const repaired = repairMissingBoundary(buffer);
    const again = repaired ? await runParser(repaired, charsetNotes).catch(() => null) : null;
    if (again && !isEmpty(again)) {
      warnings.push('mime.boundary_missing');
      mail = again;
      text = mail.text ?? '';
      html = typeof mail.html === 'string' ? mail.html : null;
    } else {
      const fallback = rawFallback(buffer);
      warnings.push('mime.body_unparsed');
      text = fallback.text;
      html = fallback.html;
    }
  }

  if (looksMisdecoded(text) || looksMisdecoded(html)) {
    // Parts without a usable charset label were read as UTF-8; read them again through the sniffer.
    const again = await runParser(labelTextPartsForSniffing(buffer), charsetNotes).catch(() => null);
    if (
      again &&
      !looksMisdecoded(again.text) &&
      !looksMisdecoded(typeof again.html === 'string' ? again.html : '')
    ) {
      text = again.text ?? '';
      html = typeof again.html === 'string' ? again.html : null;
      warnings.push('charset.sniffed: body had no usable charset label');
    } else warnings.push('charset.undecodable: some body text could not be decoded');
  }
  warnings.push(...new Set(charsetNotes));

  return {
    headerLines: mail.headerLines ?? [],
    text,
    html,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
      sha256: a.checksum,
      content: a.content,
    })),
    warnings,
  };
}
