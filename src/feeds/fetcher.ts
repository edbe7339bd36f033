import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { StreamedResponse } from '../fetch/safe-fetcher.ts';

/**
 * How a source authenticates. `token` is substituted for `{token}` in the URL, for feeds that put the
 * key in the path (PhishTank's `data.phishtank.com/data/{token}/online-valid.json`), so the stored URL
 * itself never holds the secret.
 */
export type Credentials =
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'token'; value: string };

export type FetchRequest = {
  /** The one outbound guard: every hop (redirects too) resolved and vetted, off until enabled. */
  outbound: Pick<Outbound, 'open'>;
  url: string;
  credentials?: Credentials | null;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  timeoutMs?: number;
  maxBytes?: number;
};

export type FetchedBody = {
  notModified: false;
  status: number;
  /** The body as bytes, gunzipped when the file itself is gzip (`online-valid.json.gz`). */
  body: Readable;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  headers: Headers;
  /** Releases the connection when the body is not read to the end. */
  abort(): void;
};

export type FetchResult = { notModified: true; status: 304 } | FetchedBody;

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'phishdesk/0.1 (feed collector)';

/** Every secret value in the credentials, to scrub from anything we record or print. */
export function secretsOf(credentials: Credentials | null | undefined): string[] {
  if (!credentials) return [];
  const values =
    credentials.type === 'basic'
      ? [
          credentials.password,
          Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
        ]
      : [credentials.value];
  return values.filter((v) => v.length >= 3);
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

function resolveUrl(template: string, credentials: Credentials | null | undefined): URL {
  const raw =
    credentials?.type === 'token'
      ? template.replaceAll('{token}', encodeURIComponent(credentials.value))
      : template;
  return new URL(raw);
}

function authHeaders(credentials: Credentials | null | undefined): Record<string, string> {
  if (credentials?.type === 'basic')
    return {
      authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
    };
  if (credentials?.type === 'header') return { [credentials.name.toLowerCase()]: credentials.value };
  return {};
}

function failure(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('feed.fetch_failed', message, details);
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (e?.name === 'AbortError') return 'aborted';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? 'fetch failed'} (${cause})` : (e?.message ?? String(err));
}

/**
 * GET with conditional headers (If-None-Match / If-Modified-Since: a 304 means nothing to read), a
 * timeout over the whole transfer, a size cap (checked on Content-Length and while streaming, after
 * gunzip), and credentials that are sent only to the origin they belong to: redirects are followed by
 * hand and lose the credentials when they leave that origin. Errors are AppError `feed.fetch_failed`
 * whose message names the host at most, never the path or query (where keys live).
 */
export async function fetchFeed(req: FetchRequest): Promise<FetchResult> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
  let url = resolveUrl(req.url, req.credentials);
  const origin = url.origin;
  let res: StreamedResponse | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: req.accept ?? '*/*',
      ...(url.origin === origin ? authHeaders(req.credentials) : {}),
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    try {
      // Redirects one hop at a time here (credentials stay with their origin); the guard vets each one.
      res = await req.outbound.open(url.href, { headers, signal, maxRedirects: 0, timeoutMs, maxBytes });
    } catch (err) {
      if (err instanceof AppError && err.code === 'outbound.disabled') throw err;
      if (signal.aborted && !controller.signal.aborted) {
        throw failure(`${url.host}: timed out after ${Math.round(timeoutMs / 1000)} s`);
      }
      throw failure(`${url.host}: ${describeError(err, timeoutMs)}`, blockedDetails(err));
    }
    const location = header(res, 'location');
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) break;
    res.abort();
    url = new URL(location, url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw failure(`redirect to ${url.protocol}`);
    res = null;
  }
  if (!res) throw failure(`more than ${MAX_REDIRECTS} redirects`);
  if (res.status === 304) {
    res.abort();
    return { notModified: true, status: 304 };
  }
  if (res.status < 200 || res.status > 299) {
    res.abort();
    throw failure(`${url.host}: HTTP ${res.status}`, { status: res.status });
  }
  const length = Number(header(res, 'content-length') ?? Number.NaN);
  if (Number.isFinite(length) && length > maxBytes) {
    res.abort();
    throw failure(`${url.host}: body of ${length} bytes is over the limit of ${maxBytes}`);
  }
  const done = res;
  return {
    notModified: false,
    status: res.status,
    body: bodyStream(res.body, maxBytes, timeoutMs),
    etag: header(res, 'etag'),
    lastModified: header(res, 'last-modified'),
    contentType: res.contentType,
    headers: new Headers(res.headers),
    abort: () => {
      controller.abort();
      done.abort();
    },
  };
}

function header(res: StreamedResponse, name: string): string | null {
  return res.headers.find(([n]) => n === name)?.[1] ?? null;
}

function blockedDetails(err: unknown): Record<string, unknown> | undefined {
  return err instanceof AppError && err.code === 'fetch.blocked' ? { blocked: true } : undefined;
}

async function* limited(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  timeoutMs: number,
): AsyncGenerator<Buffer> {
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.byteLength;
      if (total > maxBytes) throw failure(`body is over the limit of ${maxBytes} bytes`);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (err) {
    throw err instanceof AppError ? err : failure(`while reading the body: ${describeError(err, timeoutMs)}`);
  }
}

function bodyStream(raw: AsyncIterable<Uint8Array>, maxBytes: number, timeoutMs: number): Readable {
  const bytes = limited(raw, maxBytes, timeoutMs);
  // Peek at the first chunk: gzip magic means a compressed file (the guard asks for identity encoding), so it is inflated here and the cap applies to the inflated size too.
  async function* sniffed(): AsyncGenerator<Buffer> {
    const first = await bytes.next();
    if (first.done) return;
    const head = first.value;
    async function* rest() {
      yield head;
      yield* bytes;
    }
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield* rest();
      return;
    }
    const gunzip = createGunzip();
    const src = Readable.from(rest());
    src.on('error', (err) => gunzip.destroy(err));
    src.pipe(gunzip);
    yield* limited(gunzip, maxBytes, timeoutMs);
  }
  return Readable.from(sniffed(), { objectMode: false });
}

/** Reads a whole (small) JSON document: TAXII pages, MISP manifests and events. */
export async function fetchJson(
  req: FetchRequest,
): Promise<{ notModified: true } | { notModified: false; value: unknown; res: FetchedBody }> {
  const res = await fetchFeed(req);
  if (res.notModified) return res;
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    return { notModified: false, value: JSON.parse(text), res };
  } catch (e) {
    throw new AppError('feed.parse_failed', `not JSON: ${(e as Error).message}`);
  }
}
