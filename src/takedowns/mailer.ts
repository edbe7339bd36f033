import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

export type OutgoingMail = {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

export type Mailer = { send(mail: OutgoingMail): Promise<{ messageId: string; accepted: string[] }> };

/** Outgoing mail through the SMTP server of config.mailOut.url; unset means no mail can be sent. */
export function createMailer(config: Config['mailOut']): Mailer {
  const transport = config.url ? nodemailer.createTransport(config.url) : null;
  return {
    async send(mail) {
      if (!transport) throw new AppError('mail.not_configured', 'mail not configured (set MAIL_OUT_URL)');
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: mail.to,
          cc: mail.cc,
          subject: mail.subject,
          text: mail.text,
          attachments: mail.attachments,
        });
        return { messageId: info.messageId, accepted: (info.accepted ?? []).map(String) };
      } catch (err) {
        throw new AppError('mail.failed', `sending mail failed: ${(err as Error).message}`);
      }
    },
  };
}
