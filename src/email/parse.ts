import { AppError } from '../errors.ts';
import { extractUrls, extractUrlsFromHtml } from '../urls/extract.ts';
import { parseAuth } from './auth.ts';
import { decodeBytes } from './charset.ts';
import { findInlineForward } from './forward.ts';
import {
  decodeHeaderText,
  first,
  parseAddress,
  parseAddressOnly,
  parseMailDate,
  parseMessageId,
  parseReceived,
  toRawHeaders,
} from './headers.ts';
import { htmlToTextLite } from './html-text.ts';
import { type MimeResult, parseMime } from './mime.ts';
import type { EmailAuth, ParsedEmail } from './types.ts';

export type { ParsedEmail } from './types.ts';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
/** Text kept (and scanned for URLs); a phishing lure is never this long, a mail bomb is. */
const MAX_TEXT_CHARS = 1_000_000;
const MAX_HTML_CHARS = 2_000_000;
const MAX_DEPTH = 5;
const MAX_URLS = 5_000;
const MAX_HTML_ATTACHMENT_BYTES = 1_000_000;

const NO_AUTH: EmailAuth = { spf: null, dkim: null, dmarc: null, fromDomain: null, dmarcPolicy: null };

function unreadable(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('email.unreadable', message, details);
}

const MAGIC: [string, string][] = [
  ['504b0304', 'a ZIP archive'],
  ['25504446', 'a PDF document'],
  ['89504e47', 'a PNG image'],
  ['47494638', 'a GIF image'],
  ['ffd8ff', 'a JPEG image'],
  ['1f8b', 'gzip data'],
  ['d0cf11e0', 'an OLE file (Outlook .msg is not supported, forward as .eml)'],
  ['377abcaf', 'a 7z archive'],
  ['52617221', 'a RAR archive'],
];

/** Why `raw` is no e-mail at all (empty, a known binary format, mostly control bytes), or null. */
function notTextish(raw: Buffer): string | null {
  const head = raw.subarray(0, 65_536);
  if (!/[^\s]/.test(head.toString('latin1'))) return 'the input is empty';
  const hex = head.subarray(0, 4).toString('hex');
  const known = MAGIC.find(([prefix]) => hex.startsWith(prefix));
  if (known) return `the input is ${known[1]}, not an e-mail`;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return null; // UTF-16
  let control = 0;
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b)
      control++;
  }
  return control > head.length * 0.1 ? 'the input is binary data, not an e-mail' : null;
}

function dedupe(urls: string[]): string[] {
  return [...new Set(urls)].slice(0, MAX_URLS);
}

/** URL extraction belongs to src/urls; a failure there must not cost us the rest of the report. */
function safeExtract(fn: (input: string) => string[], input: string, warnings: string[]): string[] {
  if (!input) return [];
  try {
    return fn(input);
  } catch (err) {
    warnings.push(`urls.extract_failed: ${(err as Error).message}`.slice(0, 200));
    return [];
  }
}

function htmlAttachmentUrls(mime: MimeResult, warnings: string[]): string[] {
  const urls: string[] = [];
  for (const a of mime.attachments) {
    const isHtml = a.contentType === 'text/html' || /\.(?:s?html?|svg)$/i.test(a.filename ?? '');
    if (!isHtml || a.size > MAX_HTML_ATTACHMENT_BYTES) continue;
    urls.push(...safeExtract(extractUrlsFromHtml, decodeBytes(a.content, null).text, warnings));
  }
  return urls;
}

function isForwardedMessage(a: MimeResult['attachments'][number]): boolean {
  return a.contentType === 'message/rfc822' || /\.eml$/i.test(a.filename ?? '');
}

async function parseLevel(raw: Buffer, depth: number): Promise<ParsedEmail> {
  const mime = await parseMime(raw);
  const warnings = [...mime.warnings];
  const headers = toRawHeaders(mime.headerLines);
  const from = parseAddress(first(headers, 'from'));
  const subject = decodeHeaderText(first(headers, 'subject'));
  const rawDate = first(headers, 'date');
  const date = parseMailDate(rawDate);
  if (rawDate && !date) warnings.push('date.invalid');
  if (!from) warnings.push('headers.from_missing');

  let html = mime.html ?? '';
  if (html.length > MAX_HTML_CHARS) {
    html = html.slice(0, MAX_HTML_CHARS);
    warnings.push(`html.truncated: kept the first ${MAX_HTML_CHARS} characters`);
  }
  let text = mime.text || (html ? htmlToTextLite(html) : '');
  if (text.length > MAX_TEXT_CHARS) {
    text = text.slice(0, MAX_TEXT_CHARS);
    warnings.push(`text.truncated: kept the first ${MAX_TEXT_CHARS} characters`);
  }
  const attachments = mime.attachments.map(({ content: _content, ...meta }) => meta);

  const forwardedParts = mime.attachments.filter(isForwardedMessage);
  const attached = forwardedParts[0]?.content;
  if (attached && depth >= MAX_DEPTH) warnings.push('forward.too_deep: inner message not parsed');
  if (attached && depth < MAX_DEPTH) {
    const inner = notTextish(attached) === null ? await parseLevel(attached, depth + 1) : null;
    if (inner && (inner.from || inner.subject || inner.date || inner.messageId)) {
      if (forwardedParts.length > 1) {
        warnings.push(`forward.several_attached: reported on the first of ${forwardedParts.length}`);
      }
      return {
        ...inner,
        forwarded: { by: from, mode: 'attachment' },
        warnings: [...new Set([...inner.warnings, ...warnings.map((w) => `forwarder: ${w}`)])],
      };
    }
    warnings.push('forward.attachment_unreadable: the attached message is not a readable e-mail');
  }

  const inline = depth < MAX_DEPTH ? findInlineForward(text, subject, MAX_DEPTH - depth) : null;
  if (inline) {
    // Only what was pasted into the body survives an inline forward: the transport headers and
    // authentication results above it are the forwarder's, not the original's.
    const markerAt = html.indexOf(inline.marker);
    const outlookAt = html.search(/id=["']?(?:divRplyFwdMsg|appendonsend)/i);
    const start = markerAt >= 0 ? markerAt : Math.max(outlookAt, 0);
    const body = inline.body;
    if (!inline.from) warnings.push('forward.inline_from_missing');
    return {
      subject: inline.subject ?? subject?.replace(/^\s*(?:(?:fwd?|fw|tr|wg|転送)\s*[:：]\s*)+/i, '') ?? null,
      from: inline.from,
      replyTo: null,
      returnPath: null,
      date: inline.date,
      messageId: null,
      received: [],
      auth: { ...NO_AUTH },
      text: body,
      htmlPresent: html !== '',
      urls: dedupe([
        ...safeExtract(extractUrlsFromHtml, html.slice(start), warnings),
        ...safeExtract(extractUrls, body, warnings),
        ...htmlAttachmentUrls(mime, warnings),
      ]),
      attachments,
      forwarded: { by: from, mode: 'inline' },
      warnings: [...new Set(warnings)],
    };
  }

  return {
    subject,
    from,
    replyTo: parseAddressOnly(first(headers, 'reply-to')),
    returnPath: parseAddressOnly(first(headers, 'return-path')),
    date,
    messageId: parseMessageId(first(headers, 'message-id')),
    received: parseReceived(headers),
    auth: parseAuth(headers),
    text,
    htmlPresent: html !== '',
    urls: dedupe([
      ...safeExtract(extractUrlsFromHtml, html, warnings),
      ...safeExtract(extractUrls, text, warnings),
      ...htmlAttachmentUrls(mime, warnings),
    ]),
    attachments,
    forwarded: null,
    warnings: [...new Set(warnings)],
  };
}

/**
 * Parses one raw RFC 5322 message (hostile: nothing is rendered or fetched). A forward is
 * unwrapped: the report is about the forwarded original, the forwarder goes to `forwarded.by`.
 * Malformed input yields what could be read plus `warnings`; only input that is no e-mail at all,
 * or larger than `maxBytes` (default 25 MB), throws AppError('email.unreadable').
 */
export async function parseEmail(raw: Buffer, opts: { maxBytes?: number } = {}): Promise<ParsedEmail> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Buffer.isBuffer(raw)) throw unreadable('the input is not a byte buffer');
  if (raw.length > maxBytes) {
    throw unreadable(`the message is larger than ${maxBytes} bytes`, { size: raw.length, maxBytes });
  }
  const reason = notTextish(raw);
  if (reason) throw unreadable(reason);
  try {
    return await parseLevel(raw, 0);
  } catch (err) {
    // A bug of ours on hostile input must still leave the caller with a (thin) result.
    return {
      subject: null,
      from: null,
      replyTo: null,
      returnPath: null,
      date: null,
      messageId: null,
      received: [],
      auth: { ...NO_AUTH },
      text: '',
      htmlPresent: false,
      urls: [],
      attachments: [],
      forwarded: null,
      warnings: [`parse.failed: ${(err as Error).message}`.slice(0, 200)],
    };
  }
}
