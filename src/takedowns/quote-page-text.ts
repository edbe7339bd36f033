import { defangText } from '../urls/defang.ts';

/** How much of the captured page a request mail quotes: enough to recognise it, not a page of text. */
export const QUOTE_LIMITS = { title: 200, label: 80, fields: 20 } as const;

// Controls (C0, DEL, C1) and line separators become spaces: a quoted title stays on its own line.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Bidi overrides, embeddings, isolates and marks reorder the text around them (an "exe.pdf" trick, a
// host shown backwards); invisible zero-width characters can hide what a reader is looking at.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Text the phishing page chose, fit to quote in a mail to an abuse desk: invisible and reordering
 * characters removed, on one line, at most `max` characters of it, every URL and host in it defanged,
 * and angle brackets (`<https://…>` is how plain-text mail marks a link, `<a href>` in an HTML view)
 * replaced by look-alike quotes.
 */
export function quotePageText(text: string, max: number): string {
  const clean = text.replace(INVISIBLE, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : clean;
  return defangText(cut).replaceAll('<', '‹').replaceAll('>', '›');
}
