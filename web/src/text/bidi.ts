/**
 * Unicode bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In hostile text they
 * make `invoice‮fdp.exe` read as `invoiceexe.pdf` and flip a URL's host and path; no honest subject, sender
 * name, page title or URL needs them. Genuine right-to-left letters stay: the element that shows the text
 * isolates it (`dir="auto"`, or `dir="ltr"` for URLs) so they cannot reorder the text around it.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Hostile text with its bidi controls made visible and harmless: `[U+202E]` by default, or percent-encoded
 * for a URL that is given back to be submitted again (the same URL to the canonicaliser, which encodes them).
 * Used by every component that shows attacker-controlled text, in the console and on public pages.
 */
export function neutraliseBidi(text: string, style: 'marker' | 'percent' = 'marker'): string {
  return text.replace(BIDI_CONTROLS, (c) =>
    style === 'percent'
      ? encodeURIComponent(c)
      : `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

export function hasBidiControls(text: string): boolean {
  return /[\u202A-\u202E\u2066-\u2069]/.test(text);
}
