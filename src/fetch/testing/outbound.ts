import { loadConfig } from '../../config.ts';
import { createOutbound, type Outbound } from '../outbound.ts';
import type { Resolver } from '../safe-fetcher.ts';

/**
 * Test support only: the real outbound guard, configured the way tests configure it (outbound on,
 * loopback allowed for the test's own fakes; every other private range still refused).
 */
export function testOutbound(env: Record<string, string> = {}, resolve?: Resolver): Outbound {
  const config = loadConfig({ OUTBOUND_ENABLED: 'true', FETCH_ALLOW_PRIVATE: 'true', ...env });
  return createOutbound({ config: config.fetch, ...(resolve ? { resolve } : {}) });
}
