import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { isAppError } from '../errors.ts';
import type { IntakeService } from './intake.service.ts';

/**
 * SMTP listener for e-mails forwarded by the public. Each message is stored raw as an e-mail report
 * before the SMTP transaction is acknowledged, so a 250 reply means the report is durable. The
 * forwarded original (attached or inline) is recovered when the report is analysed.
 */
export function createSmtpIntake(deps: {
  intake: IntakeService;
  log: Logger;
  maxBytes: number;
  hostname?: string;
  /** Connections at once; the next one is told 421 "try again" (a flood cannot exhaust the process). */
  maxClients?: number;
  /** An idle SMTP session is closed after this long. */
  socketTimeoutMs?: number;
}) {
  const server = new SMTPServer({
    name: deps.hostname ?? 'phishdesk',
    banner: 'phishdesk report intake',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: deps.maxBytes,
    maxClients: deps.maxClients ?? 100,
    // A report needs one recipient (our address); many are a relay attempt or a flood.
    maxRecipients: 10,
    socketTimeout: deps.socketTimeoutMs ?? 60_000,
    logger: false,
    // Everything we receive is hostile by definition; we never relay, only store.
    onRcptTo(_address, _session, callback) {
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= deps.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > deps.maxBytes) {
          const err = Object.assign(new Error('message too large'), { responseCode: 552 });
          callback(err);
          return;
        }
        const data = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        deps.intake
          .submit(
            // The envelope sender is the person who forwarded the phish (the reporter), not the phisher.
            {
              kind: 'email',
              content: '',
              ...(envelopeFrom ? { contact: { email: envelopeFrom } } : {}),
              consent: { police: false, brand: false },
            },
            [{ filename: null, contentType: 'message/rfc822', data }],
            'smtp',
          )
          .then((receipt) => callback(null, `queued as ${receipt.id}`))
          .catch((error: unknown) => {
            deps.log.error({ err: error }, 'smtp intake failed');
            const permanent = isAppError(error) && error.code !== 'storage.unavailable';
            callback(
              Object.assign(new Error(permanent ? 'message refused' : 'try again later'), {
                responseCode: permanent ? 554 : 451,
              }),
            );
          });
      });
    },
  });
  server.on('error', (err) => deps.log.error({ err }, 'smtp server error'));

  return {
    listen(port: number, host: string): Promise<number> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
