/**
 * The one way phishdesk touches a phishing site over HTTP. Every hop is vetted: the host is resolved here,
 * every address is checked by the IP guard, and the connection goes to the vetted address (the socket's
 * lookup returns it), so a second resolution cannot rebind the name to an internal address. Redirects are
 * followed by hand and vetted again; size and time are capped; the whole chain, TLS facts and the SHA-256
 * of the body are recorded.
 */
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import tls, { type TLSSocket } from 'node:tls';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { checkAddress, isLoopback, legacyIpv4 } from './ip-guard.ts';

export type ResolvedAddress = { address: string; family: number };
/** Name → every address; the system resolver by default, a test-started DNS server's client in tests. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true });

export type FetchHop = { url: string; status: number; location: string | null; address: string };

export type TlsFacts = {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  authorizationError: string | null;
  subject: string | null;
  issuer: string | null;
  subjectAltName: string | null;
  validFrom: string | null;
  validTo: string | null;
  fingerprint256: string | null;
};

export type SafeResponse = {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  /** Header name/value pairs as received (names lowercase). */
  headers: [string, string][];
  contentType: string | null;
  /** Every response before the final one, in order (redirects). */
  redirects: FetchHop[];
  /** The address the final response came from. */
  address: string;
  tls: TlsFacts | null;
  body: Buffer;
  /** True when the body was cut at maxBytes (the hash is of what was read). */
  truncated: boolean;
  sha256: string;
  startedAt: number;
  durationMs: number;
};

export type SafeFetchOptions = {
  method?: string;
  /** Aborts the request (and a streamed body) early. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  body?: Buffer | null;
  /** 0 returns a redirect response as it is (the browser capture follows redirects itself). */
  maxRedirects?: number;
  maxBytes?: number;
  timeoutMs?: number;
};

/** A response whose body is read by the caller (feeds of hundreds of MB); the size cap still applies. */
export type StreamedResponse = Omit<SafeResponse, 'body' | 'truncated' | 'sha256' | 'durationMs'> & {
  body: Readable;
  abort(): void;
};

export type SafeFetcher = {
  /**
   * Resolves and checks a URL's host; throws `outbound.disabled` while outbound visits are off and
   * `fetch.blocked` for targets outside the public Internet.
   */
  vet(url: string | URL): Promise<{ url: URL; address: string; family: number }>;
  fetch(url: string, options?: SafeFetchOptions): Promise<SafeResponse>;
  /** Like fetch, every hop vetted, but the final body is streamed (capped at maxBytes, then an error). */
  open(url: string, options?: SafeFetchOptions): Promise<StreamedResponse>;
  readonly allowPrivate: boolean;
  readonly enabled: boolean;
  readonly proxy: string | null;
};

export const DEFAULT_MAX_REDIRECTS = 10;
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createSafeFetcher(options: {
  config: Config['fetch'];
  resolve?: Resolver;
  userAgent?: string;
}): SafeFetcher {
  const { allowPrivate, enabled } = options.config;
  const proxy = options.config.proxy ? new URL(options.config.proxy) : null;
  const resolve = options.resolve ?? systemResolver;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  async function vet(input: string | URL) {
    // Off until an operator turns outbound visits on: nothing is resolved, nothing is visited.
    if (!enabled) {
      throw new AppError('outbound.disabled', 'outbound visits are off (OUTBOUND_ENABLED=false)', {
        reason: 'disabled',
      });
    }
    let url: URL;
    try {
      url = typeof input === 'string' ? new URL(input) : input;
    } catch {
      throw new AppError('fetch.blocked', 'not a URL', { reason: 'invalid_url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AppError('fetch.blocked', `scheme ${url.protocol} is not fetched`, { reason: 'scheme' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = net.isIP(host) ? host : legacyIpv4(host);
    let addresses: ResolvedAddress[];
    if (literal) {
      addresses = [{ address: literal, family: net.isIP(literal) }];
    } else {
      try {
        addresses = await resolve(host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EDNS';
        throw new AppError('fetch.failed', `cannot resolve ${host}: ${code}`, { reason: 'dns', code });
      }
      if (addresses.length === 0) {
        throw new AppError('fetch.failed', `${host} has no address`, { reason: 'dns', code: 'ENODATA' });
      }
    }
    // One bad address is enough: a name announcing a public and a private address is an attack.
    for (const { address } of addresses) {
      const verdict = checkAddress(address);
      // The test switch opens loopback only: every other private range stays refused, so the guard is
      // still exercised (redirects from a loopback fake into 10/8 or metadata addresses are refused).
      if (!verdict.allowed && !(allowPrivate && isLoopback(address))) {
        throw new AppError('fetch.blocked', `refused ${host}: ${verdict.reason}`, {
          reason: 'address',
          host,
          address,
        });
      }
    }
    const first = addresses[0]!;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  async function fetchUrl(input: string, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
    const r = await follow(input, opts, false);
    return r as SafeResponse;
  }

  async function open(input: string, opts: SafeFetchOptions = {}): Promise<StreamedResponse> {
    const r = await follow(input, opts, true);
    return r as StreamedResponse;
  }

  async function follow(
    input: string,
    opts: SafeFetchOptions,
    stream: boolean,
  ): Promise<SafeResponse | StreamedResponse> {
    const startedAt = Date.now();
    const timeoutMs = opts.timeoutMs ?? options.config.timeoutMs;
    const deadline = startedAt + timeoutMs;
    const maxBytes = opts.maxBytes ?? options.config.maxBytes;
    const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const redirects: FetchHop[] = [];
    let method = (opts.method ?? 'GET').toUpperCase();
    let body = opts.body ?? null;
    let current = input;
    for (;;) {
      const target = await vet(current).catch((err) => {
        throw withChain(err, redirects);
      });
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timeoutError(timeoutMs, redirects);
      const hop = await requestOnce(target, {
        method,
        body,
        headers: { 'user-agent': userAgent, ...opts.headers },
        maxBytes,
        timeoutMs: remaining,
        proxy,
        stream,
        signal: opts.signal ?? null,
      }).catch((err) => {
        throw withChain(err, redirects);
      });
      const location = headerValue(hop.headers, 'location');
      if (REDIRECTS.has(hop.status) && location !== null && maxRedirects > 0) {
        hop.stream?.destroy();
        redirects.push({ url: target.url.href, status: hop.status, location, address: target.address });
        if (redirects.length > maxRedirects) {
          throw new AppError('fetch.failed', `more than ${maxRedirects} redirects`, {
            reason: 'too_many_redirects',
            redirects,
          });
        }
        let next: URL;
        try {
          next = new URL(location, target.url);
        } catch {
          throw new AppError('fetch.failed', 'redirect to an invalid URL', {
            reason: 'bad_redirect',
            redirects,
          });
        }
        current = next.href;
        if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
          method = 'GET';
          body = null;
        }
        continue;
      }
      const common = {
        requestedUrl: input,
        finalUrl: target.url.href,
        status: hop.status,
        headers: hop.headers,
        contentType: headerValue(hop.headers, 'content-type'),
        redirects,
        address: target.address,
        tls: hop.tls,
        startedAt,
      };
      if (hop.stream) {
        const body = hop.stream;
        return { ...common, body, abort: () => body.destroy() };
      }
      return {
        ...common,
        body: hop.body,
        truncated: hop.truncated,
        sha256: createHash('sha256').update(hop.body).digest('hex'),
        durationMs: Date.now() - startedAt,
      };
    }
  }

  return { vet, fetch: fetchUrl, open, allowPrivate, enabled, proxy: proxy ? proxy.origin : null };
}

function headerValue(headers: [string, string][], name: string): string | null {
  return headers.find(([n]) => n === name)?.[1] ?? null;
}

function timeoutError(timeoutMs: number, redirects: FetchHop[]): AppError {
  return new AppError('fetch.failed', `no answer within ${timeoutMs} ms`, { reason: 'timeout', redirects });
}

function withChain(err: unknown, redirects: FetchHop[]): unknown {
  if (err instanceof AppError && redirects.length > 0) {
    return new AppError(err.code, err.message, { ...err.details, redirects });
  }
  return err;
}

type Hop = {
  status: number;
  headers: [string, string][];
  body: Buffer;
  truncated: boolean;
  tls: TlsFacts | null;
  /** Set instead of body when the caller streams it. */
  stream?: Readable;
};

function requestOnce(
  target: { url: URL; address: string; family: number },
  o: {
    method: string;
    body: Buffer | null;
    headers: Record<string, string>;
    maxBytes: number;
    timeoutMs: number;
    proxy: URL | null;
    stream: boolean;
    signal: AbortSignal | null;
  },
): Promise<Hop> {
  const { url } = target;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  // The socket connects to the vetted address whatever the name: no second DNS answer can be used.
  const lookup = (_h: string, lo: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (lo?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  return new Promise<Hop>((resolve, reject) => {
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new AppError('fetch.failed', `no answer within ${o.timeoutMs} ms`, { reason: 'timeout' })),
      o.timeoutMs,
    );
    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: o.method,
      headers: { accept: '*/*', ...o.headers, 'accept-encoding': 'identity', host: url.host },
      lookup: lookup as unknown as net.LookupFunction,
      // Egress proxy: a CONNECT tunnel to the vetted address (never the name, so the proxy cannot
      // resolve it to something else); TLS, when any, runs inside the tunnel.
      ...(o.proxy
        ? { createConnection: tunnel(o.proxy, target, secure, hostname) as never }
        : { agent: false }),
      // Phishing sites often have broken certificates; the facts are recorded instead of refusing.
      rejectUnauthorized: false,
      ...(secure && !net.isIP(hostname) ? { servername: hostname } : {}),
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err instanceof AppError) return fail(err);
      fail(
        new AppError('fetch.failed', `${url.host}: ${err.code ?? err.message}`, {
          reason: 'network',
          code: err.code ?? null,
        }),
      );
    });
    req.on('response', (res) => {
      const tls = secure ? tlsFacts(res.socket as TLSSocket) : null;
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        headers.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
      }
      if (o.stream) {
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.alloc(0),
          truncated: false,
          tls,
          stream: capped(res, o.maxBytes, () => req.destroy(), o.signal),
        });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks), truncated, tls });
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = o.maxBytes - size;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          finish(chunk.length > room);
          if (chunk.length > room) req.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(false));
      res.on('error', () => finish(true));
    });
    o.signal?.addEventListener('abort', () =>
      fail(new AppError('fetch.failed', 'aborted', { reason: 'aborted' })),
    );
    if (o.body) req.end(o.body);
    else req.end();
  });
}

/** The response body as a lazy stream that errors once more than maxBytes arrive (or the signal aborts). */
function capped(
  res: http.IncomingMessage,
  maxBytes: number,
  destroy: () => void,
  signal: AbortSignal | null,
): Readable {
  const onAbort = () => res.destroy(new AppError('fetch.failed', 'aborted', { reason: 'aborted' }));
  signal?.addEventListener('abort', onAbort);
  async function* chunks(): AsyncGenerator<Buffer> {
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          throw new AppError('fetch.failed', `body is over the limit of ${maxBytes} bytes`, {
            reason: 'too_large',
          });
        }
        yield chunk;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      destroy();
    }
  }
  const out = Readable.from(chunks(), { objectMode: false });
  const close = out.destroy.bind(out);
  out.destroy = (err?: Error) => {
    destroy();
    return close(err);
  };
  return out;
}

/** createConnection for http.request: CONNECT address:port through the proxy, then TLS if https. */
function tunnel(proxy: URL, target: { address: string }, secure: boolean, servername: string) {
  return (opts: { port?: number | string | null }, done: (err: Error | null, socket: net.Socket) => void) => {
    const port = Number(opts.port);
    const authority = net.isIPv6(target.address)
      ? `[${target.address}]:${port}`
      : `${target.address}:${port}`;
    const auth = proxy.username
      ? `proxy-authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
      : '';
    const socket = net.connect(Number(proxy.port || 80), proxy.hostname.replace(/^\[|\]$/g, ''));
    let head = Buffer.alloc(0);
    const fail = (message: string) => {
      socket.destroy();
      done(new AppError('fetch.failed', message, { reason: 'proxy' }), socket);
    };
    socket.once('error', (err) =>
      fail(`egress proxy: ${(err as NodeJS.ErrnoException).code ?? err.message}`),
    );
    socket.on('connect', () => {
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${auth}\r\n`);
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16_384) fail('egress proxy: answer too long');
        return;
      }
      socket.off('data', onData);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1]);
      if (status !== 200) return fail(`egress proxy refused the tunnel (${status || 'no status'})`);
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      socket.removeAllListeners('error');
      if (!secure) return done(null, socket);
      const t = tls.connect({
        socket,
        rejectUnauthorized: false,
        ...(net.isIP(servername) ? {} : { servername }),
      });
      t.once('secureConnect', () => done(null, t));
      t.once('error', (err) => done(err, t));
    };
    socket.on('data', onData);
  };
}

function tlsFacts(socket: TLSSocket): TlsFacts {
  const cert = socket.getPeerCertificate?.();
  const name = (n: Record<string, string | string[]> | undefined) =>
    n
      ? Object.entries(n)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
          .join(', ')
      : null;
  const hasCert = cert && Object.keys(cert).length > 0;
  return {
    protocol: socket.getProtocol?.() ?? null,
    cipher: socket.getCipher?.()?.name ?? null,
    authorized: socket.authorized === true,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    subject: hasCert ? name(cert.subject as unknown as Record<string, string>) : null,
    issuer: hasCert ? name(cert.issuer as unknown as Record<string, string>) : null,
    subjectAltName: hasCert ? (cert.subjectaltname ?? null) : null,
    validFrom: hasCert ? cert.valid_from : null,
    validTo: hasCert ? cert.valid_to : null,
    fingerprint256: hasCert ? cert.fingerprint256 : null,
  };
}
