import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Streams the lines of a text feed with their 1-based numbers (CRLF and a leading BOM handled). */
export async function* textLines(input: Readable): AsyncGenerator<{ text: string; line: number }> {
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  // readline ignores stream errors; surface them so a broken download is not taken for the end of file.
  let failure: Error | null = null;
  input.once('error', (err) => {
    failure = err;
    rl.close();
  });
  let line = 0;
  for await (const raw of rl) {
    line++;
    yield { text: line === 1 ? raw.replace(/^\uFEFF/, '') : raw, line };
  }
  if (failure) throw failure;
}

/** Cheap shape check for a URL line: a scheme, `://`, and no whitespace inside. */
export function looksLikeAbsoluteUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(text);
}
