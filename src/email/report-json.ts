import type { EmailAddress, ForwardInfo, ParsedEmail } from './types.ts';

/** The JSON `phishdesk parse-email` prints. Key order is fixed so the output diffs well. */
export interface ParseEmailJson {
  subject: string | null;
  from: EmailAddress;
  replyTo: string | null;
  date: string | null;
  urls: string[];
  auth: { spf: string | null; dkim: string | null; dmarc: string | null; fromDomain: string | null };
  brand: { slug: string; name: string; confidence: number } | null;
  warnings: string[];
  forwarded?: ForwardInfo;
}

export function toParseEmailJson(
  parsed: ParsedEmail,
  brand: { slug: string; name: string; confidence: number } | null,
): ParseEmailJson {
  const json: ParseEmailJson = {
    subject: parsed.subject,
    from: { name: parsed.from?.name ?? null, address: parsed.from?.address ?? null },
    replyTo: parsed.replyTo,
    date: parsed.date,
    urls: [...parsed.urls],
    auth: {
      spf: parsed.auth.spf,
      dkim: parsed.auth.dkim,
      dmarc: parsed.auth.dmarc,
      fromDomain: parsed.auth.fromDomain,
    },
    brand: brand ? { slug: brand.slug, name: brand.name, confidence: brand.confidence } : null,
    warnings: [...parsed.warnings],
  };
  if (parsed.forwarded) {
    json.forwarded = {
      by: parsed.forwarded.by
        ? { name: parsed.forwarded.by.name, address: parsed.forwarded.by.address }
        : null,
      mode: parsed.forwarded.mode,
    };
  }
  return json;
}
