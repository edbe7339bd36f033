import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.ts';

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
  let res: Response | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: req.accept ?? '*/*',
      ...(url.origin === origin ? authHeaders(req.credentials) : {}),
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    try {
      res = await fetch(url, { headers, signal, redirect: 'manual' });
    } catch (err) {
      throw failure(`${url.host}: ${describeError(err, timeoutMs)}`);
    }
    const location = res.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) break;
    await res.body?.cancel();
    url = new URL(location, url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw failure(`redirect to ${url.protocol}`);
    res = null;
  }
  if (!res) throw failure(`more than ${MAX_REDIRECTS} redirects`);
  if (res.status === 304) {
    await res.body?.cancel();
    return { notModified: true, status: 304 };
  }
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel().catch(() => {});
    throw failure(`${url.host}: HTTP ${res.status} ${res.statusText}`.trim(), { status: res.status });
  }
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(length) && length > maxBytes) {
    await res.body?.cancel();
    throw failure(`${url.host}: body of ${length} bytes is over the limit of ${maxBytes}`);
  }
  return {
    notModified: false,
    status: res.status,
    body: bodyStream(res, maxBytes, timeoutMs),
    etag: res.headers.get('etag'),
    lastModified: res.headers.get('last-modified'),
    contentType: res.headers.get('content-type'),
    headers: res.headers,
    abort: () => controller.abort(),
  };
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

function bodyStream(res: Response, maxBytes: number, timeoutMs: number): Readable {
  const raw = res.body as unknown as AsyncIterable<Uint8Array> | null;
  if (!raw) return Readable.from([]);
  const bytes = limited(raw, maxBytes, timeoutMs);
  // Peek at the first chunk: gzip magic means a compressed file (not a Content-Encoding, which fetch
  // already undid), so it is inflated here and the cap applies to the inflated size too.
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
