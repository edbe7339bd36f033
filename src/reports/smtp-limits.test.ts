import { describe, expect, it } from 'vitest';
import { fixedClock } from '../lib/clock.ts';
import { clientKey, createSmtpClientLimiter } from './smtp-limits.ts';

describe('SMTP client limits', () => {
  it('counts an IPv4 client by its address and an IPv6 one by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:abcd:ef01:2345:6789')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('messages: the window resets a minute after its first message, and a failed store gives one back', () => {
    const clock = fixedClock(0);
    const limiter = createSmtpClientLimiter(
      { messagesPerMinute: 2, bytesPerHour: 1_000_000, connections: 1 },
      clock,
    );
    expect(limiter.admit('a', 10)).toHaveProperty('release');
    clock.advance(30_000);
    const second = limiter.admit('a', 10);
    expect(limiter.admit('a', 10)).toEqual({ refusal: expect.objectContaining({ responseCode: 451 }) });
    expect(limiter.beforeMessage('a', 0)?.responseCode).toBe(451);
    expect(limiter.beforeMessage('b', 0)).toBeNull();
    if ('release' in second) second.release();
    expect(limiter.beforeMessage('a', 0)).toBeNull();
    expect(limiter.admit('a', 10)).toHaveProperty('release');
    clock.advance(29_999);
    expect(limiter.admit('a', 10)).toHaveProperty('refusal');
    clock.advance(1);
    expect(limiter.admit('a', 10)).toHaveProperty('release');
  });

  it('bytes: refused when the message would pass the hour’s volume, counted again after the hour', () => {
    const clock = fixedClock(0);
    const limiter = createSmtpClientLimiter(
      { messagesPerMinute: 100, bytesPerHour: 1000, connections: 1 },
      clock,
    );
    expect(limiter.admit('a', 600)).toHaveProperty('release');
    expect(limiter.beforeMessage('a', 500)?.responseCode).toBe(452);
    expect(limiter.beforeMessage('a', 0)).toBeNull();
    expect(limiter.admit('a', 500)).toEqual({ refusal: expect.objectContaining({ responseCode: 452 }) });
    // The refused message did not count as a message either.
    expect(limiter.admit('a', 400)).toHaveProperty('release');
    expect(limiter.beforeMessage('a', 0)?.responseCode).toBe(452);
    clock.advance(3_600_000);
    expect(limiter.admit('a', 1000)).toHaveProperty('release');
  });

  it('connections: counted while open, per client', () => {
    const limiter = createSmtpClientLimiter(
      { messagesPerMinute: 1, bytesPerHour: 1024, connections: 2 },
      fixedClock(0),
    );
    expect(limiter.connect('a')).toBeNull();
    expect(limiter.connect('a')).toBeNull();
    expect(limiter.connect('a')?.responseCode).toBe(421);
    expect(limiter.connect('b')).toBeNull();
    limiter.disconnect('a');
    expect(limiter.connect('a')).toBeNull();
  });
});
