import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
};

export type Mailer = { enabled: boolean; send(mail: OutgoingMail): Promise<void> };

/**
 * Outgoing mail through the SMTP relay of `config.mailOut.url` (smtp://host:port). Without one, mail is
 * not sent and `send` throws `notify.mail_disabled`, so a caller never believes a mail went out.
 */
export function createMailer(mailOut: Config['mailOut']): Mailer {
  const transport = mailOut.url ? nodemailer.createTransport(mailOut.url) : null;
  return {
    enabled: transport !== null,
    async send(mail) {
      if (!transport) throw new AppError('notify.mail_disabled', 'outgoing mail is not configured');
      await transport.sendMail({
        from: mailOut.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers ?? {},
      });
    },
  };
}
