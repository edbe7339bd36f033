import { isIPv6 } from 'node:net';
import type { Clock } from '../lib/clock.ts';

export type SmtpClientLimits = { messagesPerMinute: number; bytesPerHour: number; connections: number };

/** An SMTP reply refusing the client for now: 421 closes the connection, 451/452 end the transaction. */
export type SmtpRefusal = { responseCode: 421 | 451 | 452; message: string };

/**
 * The key a client is counted under: its IPv4 address, or the /64 of an IPv6 one (a single host is given
 * a whole /64 and could otherwise take a fresh address per message).
 */
export function clientKey(remoteAddress: string | undefined): string {
  // A socket already gone has no address; its connection is refused or closed in any case.
  if (!remoteAddress) return 'unknown';
  const address = remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!isIPv6(address)) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

type Window = { start: number; used: number };

/**
 * Up to `limit` units per key in a window of `windowMs` that starts with the first unit counted and ends
 * `windowMs` later (a fixed window, not sliding: simple and enough against floods). Check-and-count is
 * one synchronous step, so concurrent transactions cannot both take the last unit.
 */
function windowCounter(clock: Clock, windowMs: number, limit: number) {
  const windows = new Map<string, Window>();
  let sweepAt = 1024;
  function current(key: string, now: number): Window | null {
    const w = windows.get(key);
    return w && now - w.start < windowMs ? w : null;
  }
  // Expired windows are dropped once the map has grown, so a scan from many addresses cannot grow it forever.
  function sweep(now: number) {
    if (windows.size < sweepAt) return;
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
    sweepAt = Math.max(1024, windows.size * 2);
  }
  return {
    used(key: string): number {
      return current(key, clock.now())?.used ?? 0;
    },
    /** Counts `amount` when it fits in the key's window; the token gives it back (a failed store). */
    take(key: string, amount: number): (() => void) | null {
      const now = clock.now();
      let w = current(key, now);
      if ((w?.used ?? 0) + amount > limit) return null;
      if (!w) {
        sweep(now);
        w = { start: now, used: 0 };
        windows.set(key, w);
      }
      w.used += amount;
      const taken = w;
      return () => {
        // A window that has ended since is not touched: its successor never counted this.
        if (windows.get(key) === taken) taken.used = Math.max(0, taken.used - amount);
      };
    },
  };
}

/**
 * Per-client limits of the SMTP intake, counted in this process's memory (several web processes each
 * count their own; a restart forgets). Connections are counted while open; messages and bytes when a
 * message is accepted for storage, so what was refused does not use up the client's allowance.
 */
export function createSmtpClientLimiter(limits: SmtpClientLimits, clock: Clock) {
  const open = new Map<string, number>();
  const messages = windowCounter(clock, 60_000, limits.messagesPerMinute);
  const bytes = windowCounter(clock, 3_600_000, limits.bytesPerHour);
  const tooManyMessages: SmtpRefusal = {
    responseCode: 451,
    message: `Too many messages from your address (at most ${limits.messagesPerMinute} a minute), try again later`,
  };
  const tooMuchVolume: SmtpRefusal = {
    responseCode: 452,
    message: `Too much mail from your address (at most ${limits.bytesPerHour} bytes an hour), try again later`,
  };

  return {
    /** A new connection: counted, or refused with 421 when the client already holds its maximum. */
    connect(key: string): SmtpRefusal | null {
      const n = open.get(key) ?? 0;
      if (n >= limits.connections)
        return {
          responseCode: 421,
          message: `Too many connections from your address (at most ${limits.connections} at once), try again later`,
        };
      open.set(key, n + 1);
      return null;
    },
    disconnect(key: string): void {
      const n = (open.get(key) ?? 1) - 1;
      if (n > 0) open.set(key, n);
      else open.delete(key);
    },
    /** At MAIL FROM: refuse early when the allowance is already spent (or the declared SIZE cannot fit). */
    beforeMessage(key: string, declaredBytes: number): SmtpRefusal | null {
      if (messages.used(key) >= limits.messagesPerMinute) return tooManyMessages;
      if (bytes.used(key) + Math.max(declaredBytes, 1) > limits.bytesPerHour) return tooMuchVolume;
      return null;
    },
    /**
     * At the end of DATA, before storing: counts the message and its bytes, or refuses it. The returned
     * release gives both back when the message could not be stored after all.
     */
    admit(key: string, size: number): { refusal: SmtpRefusal } | { release: () => void } {
      const message = messages.take(key, 1);
      if (!message) return { refusal: tooManyMessages };
      const volume = bytes.take(key, size);
      if (!volume) {
        message();
        return { refusal: tooMuchVolume };
      }
      return {
        release: () => {
          message();
          volume();
        },
      };
    },
  };
}

export type SmtpClientLimiter = ReturnType<typeof createSmtpClientLimiter>;
