/**
 * The sender domain of an e-mail report, for the monthly "sent with a real service's domain" figure.
 * Stored reports hold no sender column: it comes from the payload (`sender`, typed by the reporter on the
 * web form or API) or from the reported message itself (attached .eml, or the source pasted in
 * `content`), parsed with the e-mail module (which unwraps forwards to the original's From).
 */
import { domainToASCII } from 'node:url';
import { parseEmail } from '../email/parse.ts';

/**
 * Bumped when the rules below change; rows extracted by an older rule are extracted again.
 * v2: the DMARC verdict and policy of the reported message.
 */
export const SENDER_EXTRACTOR = 'sender-v2';

export type ExtractedSender = {
  fromDomain: string | null;
  /** The receiver's DMARC verdict for the reported message (Authentication-Results), null when none. */
  dmarc: string | null;
  dmarcPolicy: string | null;
};

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
 * Sender domain: the payload `sender` first, except on the SMTP channel where it holds the envelope
 * sender of whoever forwarded the message to us (the reporter), not the phishing sender; then the
 * reported message. DMARC: from the first reported message whose receiver recorded a DMARC result (the
 * e-mail module only trusts the receiver's own topmost Authentication-Results, and drops a forwarder's).
 */
export async function extractSender(input: {
  payload: string;
  sourceKind: string;
  emails: Buffer[];
}): Promise<ExtractedSender> {
  let payload: { sender?: unknown; content?: unknown } = {};
  try {
    payload = JSON.parse(input.payload) as typeof payload;
  } catch {
    // A payload that is not JSON has neither field; the attachments may still tell.
  }
  const out: ExtractedSender = { fromDomain: null, dmarc: null, dmarcPolicy: null };
  if (input.sourceKind !== 'smtp' && typeof payload.sender === 'string') {
    out.fromDomain = senderDomain(payload.sender);
  }
  const messages = [...input.emails];
  if (typeof payload.content === 'string' && payload.content.trim()) {
    messages.push(Buffer.from(payload.content, 'utf8'));
  }
  for (const raw of messages) {
    if (out.fromDomain && out.dmarc) break;
    try {
      const parsed = await parseEmail(raw);
      out.fromDomain ??= senderDomain(parsed.from?.address);
      if (!out.dmarc && parsed.auth.dmarc) {
        out.dmarc = parsed.auth.dmarc;
        out.dmarcPolicy = parsed.auth.dmarcPolicy;
      }
    } catch {
      // Not an e-mail at all (email.unreadable): try the next one.
    }
  }
  return out;
}

/** The sender domain alone (see extractSender). */
export async function extractSenderDomain(input: {
  payload: string;
  sourceKind: string;
  emails: Buffer[];
}): Promise<string | null> {
  return (await extractSender(input)).fromDomain;
}

/** True when the sender domain is one of the brand's official domains or a subdomain of one. */
export function isOfficialSender(domain: string, officialDomains: readonly string[]): boolean {
  return officialDomains.some((o) => {
    const official = o.toLowerCase();
    return domain === official || domain.endsWith(`.${official}`);
  });
}
