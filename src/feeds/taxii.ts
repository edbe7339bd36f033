import { AppError } from '../errors.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { FeedEntry } from './feed-item.ts';
import { type Credentials, fetchJson } from './fetcher.ts';
import { createStixObjectReader } from './stix.ts';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export type TaxiiPoll = {
  outbound: Pick<Outbound, 'open'>;
  /** The collection's URL: `{api-root}/collections/{id}/`. */
  collectionUrl: string;
  /** Only objects added after this (the previous poll's X-TAXII-Date-Added-Last). */
  addedAfter?: string | null;
  limit?: number;
  maxPages?: number;
  credentials?: Credentials | null;
  timeoutMs?: number;
  maxBytes?: number;
  threat?: 'phishing' | 'malware';
};

export type TaxiiPollResult = { addedAfter: string | null; pages: number; objects: number };

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Polls a TAXII 2.1 collection: `GET {collection}/objects/?added_after=…&limit=…`, following `next`
 * while the server says `more` (or, for servers that page by date only, moving added_after to the page's
 * X-TAXII-Date-Added-Last). Objects go through the STIX object reader. `result()` gives, once `entries`
 * has been read to the end, the newest X-TAXII-Date-Added-Last seen: the added_after of the next poll.
 */
export function pollTaxiiCollection(poll: TaxiiPoll): {
  entries: AsyncGenerator<FeedEntry>;
  result(): TaxiiPollResult;
} {
  const base = poll.collectionUrl.endsWith('/') ? poll.collectionUrl : `${poll.collectionUrl}/`;
  const state: TaxiiPollResult = { addedAfter: poll.addedAfter ?? null, pages: 0, objects: 0 };
  let complete = false;

  async function* entries(): AsyncGenerator<FeedEntry> {
    const reader = createStixObjectReader({ ...(poll.threat ? { threat: poll.threat } : {}) });
    let after = poll.addedAfter ?? null;
    let next: string | null = null;
    let newest: string | null = null;
    for (;;) {
      if (state.pages >= (poll.maxPages ?? 1000)) break;
      const url = new URL('objects/', base);
      if (after) url.searchParams.set('added_after', after);
      url.searchParams.set('limit', String(poll.limit ?? 1000));
      if (next) url.searchParams.set('next', next);
      const page = await fetchJson({
        outbound: poll.outbound,
        url: url.toString().replaceAll('%7Btoken%7D', '{token}'),
        accept: TAXII_MEDIA_TYPE,
        credentials: poll.credentials ?? null,
        ...(poll.timeoutMs ? { timeoutMs: poll.timeoutMs } : {}),
        ...(poll.maxBytes ? { maxBytes: poll.maxBytes } : {}),
      });
      if (page.notModified) break;
      state.pages++;
      const env = page.value as { more?: unknown; next?: unknown; objects?: unknown } | null;
      if (typeof env !== 'object' || env === null || Array.isArray(env))
        throw new AppError('feed.parse_failed', 'TAXII response is not an envelope object');
      const last = page.res.headers.get('x-taxii-date-added-last');
      newest = later(newest, last);
      const objects = Array.isArray(env.objects) ? env.objects : [];
      for (const obj of objects) {
        state.objects++;
        yield* reader.push(obj, state.objects);
      }
      if (env.more !== true) break;
      if (typeof env.next === 'string' && env.next !== '') next = env.next;
      else if (last && last !== after) {
        after = last;
        next = null;
      } else break;
    }
    yield* reader.end();
    state.addedAfter = later(state.addedAfter, newest);
    complete = true;
  }

  return {
    entries: entries(),
    result() {
      if (!complete) throw new Error('TAXII poll read before its entries were consumed');
      return state;
    },
  };
}
