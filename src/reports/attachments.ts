import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Attachment } from './report.ts';

export const MAX_ATTACHMENTS = 5;

const IMAGE_SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/gif',
    test: (b) =>
      b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a',
  },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/**
 * Decides what an uploaded file really is from its bytes, not from the name or type the client claims:
 * a screenshot (PNG, JPEG, GIF, WebP) or an e-mail message (.eml). Anything else is refused.
 */
export function classifyAttachment(file: { filename: string | null; data: Buffer }): Attachment {
  const image = IMAGE_SIGNATURES.find((s) => s.test(file.data));
  if (image) return { filename: safeName(file.filename), contentType: image.type, data: file.data };
  if (looksLikeEmail(file.data))
    return { filename: safeName(file.filename), contentType: 'message/rfc822', data: file.data };
  throw new AppError(
    'request.unsupported_media_type',
    'attachments must be screenshots (PNG, JPEG, GIF, WebP) or e-mails (.eml)',
    {
      filename: safeName(file.filename),
    },
  );
}

/** A message starts with header lines (`Name: value`); binary files and HTML do not. */
function looksLikeEmail(data: Buffer): boolean {
  const head = data.subarray(0, 4096).toString('latin1');
  if (head.includes('\u0000')) return false;
  const lines = head.split(/\r?\n/).slice(0, 20);
  const headerLines = lines.filter((l) => /^[!-9;-~]+:[ \t]/.test(l));
  return headerLines.length >= 2 && /^[!-9;-~]+:/.test(lines[0] ?? '');
}

/** Keeps only the last path component and printable characters: names are shown to analysts later. */
export function safeName(name: string | null): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return clean || null;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
