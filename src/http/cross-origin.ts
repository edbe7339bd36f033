import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser sent this request from another origin (a form or fetch on a third-party page), after
 * Go's net/http CrossOriginProtection: `Sec-Fetch-Site` when the browser sends it (same-origin or none =
 * ours), else `Origin` against the Host the request came to. No Origin at all is a non-browser client (curl,
 * API-key scripts) and is allowed. `trusted` origins (the public base URL, which a reverse proxy may hide
 * from the Host header) are always ours.
 */
export function isCrossOrigin(request: FastifyRequest, trusted: readonly string[]): boolean {
  const origin = typeof request.headers.origin === 'string' ? request.headers.origin : '';
  if (origin && trusted.includes(origin)) return false;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site !== 'same-origin' && site !== 'none';
  if (!origin) return false;
  try {
    const from = new URL(origin);
    // The scheme of the Origin decides which port is the default one (Host "localhost:80" = "localhost").
    return from.host !== new URL(`${from.protocol}//${request.host}`).host;
  } catch {
    return true; // "null" (sandboxed frames, file:) or malformed: not ours
  }
}
