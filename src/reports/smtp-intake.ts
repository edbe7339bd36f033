import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { IntakeService } from './intake.service.ts';
import {
  clientKey,
  createSmtpClientLimiter,
  type SmtpClientLimits,
  type SmtpRefusal,
} from './smtp-limits.ts';

/**
 * SMTP listener for e-mails forwarded by the public. Each message is stored raw as an e-mail report
 * before the SMTP transaction is acknowledged, so a 250 reply means the report is durable. The
 * forwarded original (attached or inline) is recovered when the report is analysed.
 *
 * Each client address has limits (messages a minute, bytes an hour, connections at once, see
 * smtp-limits.ts): over one, the client is told 4xx and retries later, and nothing of that message is
 * stored; a message is only counted once it is being stored, and given back if storing fails.
 */
export function createSmtpIntake(deps: {
  intake: IntakeService;
  log: Logger;
  maxBytes: number;
  clientLimits: SmtpClientLimits;
  clock: Clock;
  hostname?: string;
  /** Connections at once; the next one is told 421 "try again" (a flood cannot exhaust the process). */
  maxClients?: number;
  /** An idle SMTP session is closed after this long. */
  socketTimeoutMs?: number;
}) {
  const limiter = createSmtpClientLimiter(deps.clientLimits, deps.clock);
  // Sessions counted against their client's connections (a refused one is never counted, so never released).
  const counted = new Map<string, string>();
  const refuse = (r: SmtpRefusal) => Object.assign(new Error(r.message), { responseCode: r.responseCode });
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
    // The client's name is never used, and looking it up would be a DNS query to outside per connection.
    disableReverseLookup: true,
    onConnect(session, callback) {
      const key = clientKey(session.remoteAddress);
      const refusal = limiter.connect(key);
      if (refusal) {
        deps.log.warn({ client: key }, 'smtp client over its connection limit');
        callback(refuse(refusal));
        return;
      }
      counted.set(session.id, key);
      callback();
    },
    onClose(session) {
      const key = counted.get(session.id);
      if (key === undefined) return;
      counted.delete(session.id);
      limiter.disconnect(key);
    },
    onMailFrom(address, session, callback) {
      const declared = Number(address.args ? address.args.SIZE : 0) || 0;
      const refusal = limiter.beforeMessage(clientKey(session.remoteAddress), declared);
      callback(refusal ? refuse(refusal) : undefined);
    },
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
        const client = clientKey(session.remoteAddress);
        const admitted = limiter.admit(client, size);
        if ('refusal' in admitted) {
          deps.log.warn({ client, bytes: size }, 'smtp client over its message or volume limit');
          callback(refuse(admitted.refusal));
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
            admitted.release();
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
