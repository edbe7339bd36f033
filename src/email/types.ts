/** What parseEmail reports about one (possibly forwarded) phishing e-mail. */

export interface EmailAddress {
  name: string | null;
  address: string | null;
}

export interface ReceivedHop {
  from: string | null;
  by: string | null;
  ip: string | null;
  /** ISO 8601. */
  date: string | null;
}

export type AuthVerdict =
  | 'pass'
  | 'fail'
  | 'softfail'
  | 'neutral'
  | 'none'
  | 'temperror'
  | 'permerror'
  | 'bestguesspass';

export type DmarcPolicy = 'reject' | 'quarantine' | 'none';

export interface EmailAuth {
  spf: AuthVerdict | null;
  dkim: AuthVerdict | null;
  dmarc: AuthVerdict | null;
  /** `header.from` of the DMARC result (lower-cased). */
  fromDomain: string | null;
  /** `p=` of the DMARC result, when the verifier wrote it. */
  dmarcPolicy: DmarcPolicy | null;
}

export interface EmailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ForwardInfo {
  /** Who forwarded the message to us (the outermost From). */
  by: EmailAddress | null;
  mode: 'attachment' | 'inline';
}

export interface ParsedEmail {
  subject: string | null;
  from: EmailAddress | null;
  replyTo: string | null;
  returnPath: string | null;
  /** ISO 8601. */
  date: string | null;
  messageId: string | null;
  /** Topmost first. */
  received: ReceivedHop[];
  auth: EmailAuth;
  /** Plain text of the message (HTML reduced to text when there is no text part), capped. */
  text: string;
  htmlPresent: boolean;
  /** URLs as found (not canonicalized), de-duplicated, in order of appearance. */
  urls: string[];
  attachments: EmailAttachment[];
  forwarded: ForwardInfo | null;
  warnings: string[];
}
