import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a webhook delivery. */
export const SIGNATURE_HEADER = 'x-phishdesk-signature';
export const TIMESTAMP_HEADER = 'x-phishdesk-timestamp';
export const EVENT_HEADER = 'x-phishdesk-event';
export const DELIVERY_HEADER = 'x-phishdesk-delivery';

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. The timestamp (seconds) is signed with the body so
 * a receiver can reject replays older than a few minutes; receivers compare in constant time.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `v1=${mac}`;
}

/** What a receiver does: recompute and compare, and refuse stale timestamps. */
export function verifyWebhook(
  secret: string,
  header: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(header.timestamp);
  if (!header.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds)
    return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody));
  const given = Buffer.from(header.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
