import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one address an isolated Chromium may connect to (see isolatedChromiumArgs). Every request a page
 * makes is answered by the safe fetcher through request interception before it reaches the network, so
 * what arrives here is what Chromium does on its own: preconnects, WebRTC over TCP, a request the
 * interception did not see. All of it is refused; nothing is forwarded, so nothing leaves the machine.
 */
export type CaptureProxy = {
  port: number;
  /** Connections and requests refused so far (how a test sees that Chromium came here, not elsewhere). */
  stats(): { connections: number; refused: number };
  close(): Promise<void>;
};

const REFUSAL = 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

export async function startCaptureProxy(): Promise<CaptureProxy> {
  const counts = { connections: 0, refused: 0 };
  const server = http.createServer((_req, res) => {
    counts.refused++;
    res.writeHead(403, { connection: 'close', 'content-length': '0' }).end();
  });
  server.on('connection', (socket) => {
    counts.connections++;
    // A preconnect holds its socket open waiting for a request that never comes.
    socket.setTimeout(5_000, () => socket.destroy());
  });
  server.on('connect', (_req, socket) => {
    counts.refused++;
    socket.end(REFUSAL);
  });
  server.on('upgrade', (_req, socket) => {
    counts.refused++;
    socket.end(REFUSAL);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Chromium keeps idle proxy connections for reuse: they must not hold up a process that is stopping.
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
