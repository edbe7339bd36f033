/**
 * A rough, linear-time HTML to text reduction for messages without a text part: enough to show
 * what the message says and to find an inline forward's header block. No DOM is built (hostile
 * markup), nothing is fetched; URLs are taken from the HTML itself by src/urls/extract.ts.
 */

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  yen: '¥',
  euro: '€',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});?/g, (match, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\uFFFD';
    }
    return NAMED[body.toLowerCase()] ?? match;
  });
}

/** Removes `<tag ...>...</tag>` blocks (script, style, head) with indexOf, so unclosed ones cost O(n). */
function dropBlocks(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  for (;;) {
    const start = lower.indexOf(`<${tag}`, pos);
    if (start < 0) break;
    out += html.slice(pos, start);
    const end = lower.indexOf(`</${tag}`, start);
    if (end < 0) return out;
    const close = lower.indexOf('>', end);
    pos = close < 0 ? html.length : close + 1;
  }
  return out + html.slice(pos);
}

function dropComments(html: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = html.indexOf('<!--', pos);
    if (start < 0) break;
    out += html.slice(pos, start);
    const end = html.indexOf('-->', start + 4);
    if (end < 0) return out;
    pos = end + 3;
  }
  return out + html.slice(pos);
}

export function htmlToTextLite(html: string): string {
  let text = dropComments(html);
  for (const tag of ['head', 'script', 'style', 'title']) text = dropBlocks(text, tag);
  return decodeEntities(
    text
      // [^<>]* (not [^>]*) keeps this linear when a '<' is never closed.
      .replace(/<(?:br|hr)\b[^<>]*>/gi, '\n')
      .replace(/<\/(?:p|div|tr|li|h[1-6]|table|blockquote|pre)\s*>/gi, '\n')
      .replace(/<\/?[a-zA-Z!][^<>]*>/g, ''),
  )
    .replace(/[ \t\u00a0\u200b]+/g, ' ')
    .replace(/ ?\n[ \n]*/g, (m) => (m.split('\n').length > 2 ? '\n\n' : '\n'))
    .trim();
}
