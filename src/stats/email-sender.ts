/**
 * The sender domain of an e-mail report, for the monthly "sent with a real service's domain" figure.
 * Stored reports hold no sender column: it comes from the payload (`sender`, typed by the reporter on the
 * web form or API) or from the reported message itself (attached .eml, or the source pasted in
 * `content`), parsed with the e-mail module (which unwraps forwards to the original's From).
 */
import { domainToASCII } from 'node:url';
import { parseEmail } from '../email/parse.ts';

/** Bumped when the rule below changes, so rows extracted by an older rule can be told apart. */
export const SENDER_EXTRACTOR = 'sender-v1';

const ADDRESS = /([^\s<>"'()[\]:;,@]+)@([^\s<>"'()[\]:;,@]+)/;

/** The domain of the first address in a From-like value, lowercase ASCII; null when there is none. */
export function senderDomain(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = ADDRESS.exec(value);
  if (!m) return null;
  let domain = m[2]!.trim().toLowerCase().replace(/\.+$/, '');
  if (/[^\x00-\x7f]/.test(domain)) domain = domainToASCII(domain);
  return domain.includes('.') ? domain : null;
}

/**
 * Payload `sender` first, except on the SMTP channel where it holds the envelope sender of whoever
 * forwarded the message to us (the reporter), not the phishing sender; then the reported message.
 */
export async function extractSenderDomain(input: {
  payload: string;
  sourceKind: string;
  emails: Buffer[];
}): Promise<string | null> {
  let payload: { sender?: unknown; content?: unknown } = {};
  try {
    payload = JSON.parse(input.payload) as typeof payload;
  } catch {
    // A payload that is not JSON has neither field; the attachments may still tell.
  }
  if (input.sourceKind !== 'smtp' && typeof payload.sender === 'string') {
    const domain = senderDomain(payload.sender);
    if (domain) return domain;
  }
  const messages = [...input.emails];
  if (typeof payload.content === 'string' && payload.content.trim()) {
    messages.push(Buffer.from(payload.content, 'utf8'));
  }
  for (const raw of messages) {
    try {
      const parsed = await parseEmail(raw);
      const domain = senderDomain(parsed.from?.address);
      if (domain) return domain;
    } catch {
      // Not an e-mail at all (email.unreadable): try the next one.
    }
  }
  return null;
}

/** True when the sender domain is one of the brand's official domains or a subdomain of one. */
export function isOfficialSender(domain: string, officialDomains: readonly string[]): boolean {
  return officialDomains.some((o) => {
    const official = o.toLowerCase();
    return domain === official || domain.endsWith(`.${official}`);
  });
}
