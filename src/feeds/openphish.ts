import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FeedEntry } from './feed-item.ts';
import { looksLikeAbsoluteUrl, textLines } from './text-lines.ts';

/** External id of a URL-only feed row: the feed has no ids, and the URL is the observation. */
export function urlId(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/**
 * OpenPhish community feed (`feed.txt`): one URL a line, no dates, no brands (the URL matcher attributes
 * them). A URL listed twice in one file is one observation; blank and `#` lines are ignored; anything
 * else that is not an absolute URL (an HTML error page served instead of the feed) is rejected.
 */
export async function* readOpenphish(input: Readable): AsyncGenerator<FeedEntry> {
  const seen = new Set<string>();
  for await (const { text, line } of textLines(input)) {
    const url = text.trim();
    if (url === '' || url.startsWith('#')) continue;
    if (!looksLikeAbsoluteUrl(url)) {
      yield { rejected: { line, reason: 'not an absolute URL', raw: text.slice(0, 500) } };
      continue;
    }
    const externalId = urlId(url);
    if (seen.has(externalId)) continue;
    seen.add(externalId);
    yield { item: { externalId, url, threat: 'phishing', brandLabel: null, raw: { url }, line } };
  }
}
