/** The capture proxy forwards nothing: a tunnel, a plain request and an upgrade are all refused. */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaptureProxy, startCaptureProxy } from './capture-proxy.ts';

describe('the capture proxy', () => {
  let proxy: CaptureProxy;
  beforeAll(async () => {
    proxy = await startCaptureProxy();
  });
  afterAll(async () => {
    await proxy?.close();
  });

  function raw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(proxy.port, '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it('refuses a CONNECT tunnel (a preconnect to an https origin)', async () => {
    const answer = await raw('CONNECT 10.9.9.41:443 HTTP/1.1\r\nHost: 10.9.9.41:443\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('refuses a plain proxied request without fetching it', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port: proxy.port, path: 'http://169.254.169.254/latest/meta-data/' },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('refuses a WebSocket upgrade', async () => {
    const answer = await raw(
      'GET http://10.9.9.41/ws HTTP/1.1\r\nHost: 10.9.9.41\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(proxy.stats()).toMatchObject({ refused: 3 });
    expect(proxy.stats().connections).toBeGreaterThanOrEqual(3);
  });
});
