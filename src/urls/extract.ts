/**
 * URL extraction from free text (SMS, e-mail bodies, chat) and from HTML. Input is hostile: every
 * pattern here is linear (no nested unbounded quantifiers over the same characters), the input is
 * capped and so is the result. HTML is tokenised by hand, never parsed into a DOM or rendered.
 */
import { refang } from './defang.ts';
import { isKnownPublicSuffix } from './domain.ts';

/** Text beyond this many characters is ignored. */
export const MAX_EXTRACT_INPUT = 2 * 1024 * 1024;
/** At most this many URLs are returned. */
export const MAX_EXTRACTED_URLS = 10_000;

/**
 * Characters that end a URL in free text: whitespace and controls, quotes and brackets that cannot be
 * part of a URL, and the non-Latin punctuation and scripts that Japanese text glues to URLs without a
 * space (CJK punctuation, kana, kanji, hangul, full-width forms, emoji surrogates, arrows, box
 * drawing). Latin and Cyrillic letters stay allowed: homograph hosts use them.
 */
const STOP =
  '\\s<>"`{}|\\\\^\\u0000-\\u001f\\u007f-\\u00a0\\u2000-\\u206f\\u2190-\\u21ff\\u2500-\\u27ff' +
  '\\u3000-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\ud800-\\udfff\\uf900-\\ufaff' +
  '\\ufe30-\\ufe4f\\uff00-\\uffef';
const BODY = `[^${STOP}]`;
const SCHEME_URL = `https?:\\/\\/${BODY}+`;
// Bare host: labels + alphabetic TLD, not glued to a word, an e-mail address or a path before it;
// then an optional :port and path.
const BARE_URL = `(?<![\\w.@%/:-])((?:[a-z0-9][a-z0-9-]*\\.)+[a-z][a-z0-9-]*[a-z0-9])(?![\\w-])((?::\\d{1,5})?\\/${BODY}*)?`;
const URL_PATTERN = new RegExp(`(${SCHEME_URL})|${BARE_URL}`, 'gi');

/** Real TLDs that mostly appear as file extensions in text ("setup.py/", "clip.mov/"). */
const FILE_LIKE_TLDS = new Set(['zip', 'mov', 'py', 'sh', 'rs', 'md', 'pl', 'ps', 'cs']);
const TRAILING = new Set([...'.,;:!?\'"*、。」』】〕〉》）']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Strip trailing punctuation; a closing bracket stays only when it balances one inside the URL. */
function trimTrailing(url: string): string {
  let end = url.length;
  // Bracket balance of url.slice(0, end), counted once and updated as characters are stripped
  // (recounting per character would be quadratic on "https://x/))))…").
  let balance: Record<string, number> | null = null;
  while (end > 0) {
    const ch = url[end - 1]!;
    if (TRAILING.has(ch) && !(ch === '*' && url[end - 2] === '=')) {
      end--;
      continue;
    }
    const opener = CLOSERS[ch];
    if (opener === undefined) break;
    balance ??= {
      ')': count(url, ')') - count(url, '('),
      ']': count(url, ']') - count(url, '['),
      '}': count(url, '}') - count(url, '{'),
    };
    if (balance[ch]! <= 0) break;
    balance[ch]!--;
    end--;
  }
  return url.slice(0, end);
}

function hasHost(schemeUrl: string): boolean {
  const rest = schemeUrl.slice(schemeUrl.indexOf('//') + 2);
  return rest.length > 0 && !'/?#'.includes(rest[0]!);
}

function acceptBare(host: string, path: string | undefined): boolean {
  if (!path && !/^www\./i.test(host)) return false; // bare domains need a path, except www.…
  const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
  if (FILE_LIKE_TLDS.has(tld)) return false;
  return isKnownPublicSuffix(host);
}

function prepare(text: string): string {
  let s = text.length > MAX_EXTRACT_INPUT ? text.slice(0, MAX_EXTRACT_INPUT) : text;
  // NFKC maps full-width forms (ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ, （）) to ASCII; skip it for ASCII text.
  if (/[^\x00-\x7f]/.test(s)) {
    s = s.normalize('NFKC');
    if (s.length > 2 * MAX_EXTRACT_INPUT) s = s.slice(0, 2 * MAX_EXTRACT_INPUT);
  }
  return refang(s);
}

function collect(text: string, found: Set<string>): void {
  URL_PATTERN.lastIndex = 0;
  for (let m = URL_PATTERN.exec(text); m !== null; m = URL_PATTERN.exec(text)) {
    if (found.size >= MAX_EXTRACTED_URLS) return;
    let url: string;
    if (m[1] !== undefined) {
      url = trimTrailing(m[1]);
      if (!hasHost(url)) continue;
    } else {
      const host = m[2]!;
      const path = m[3] === undefined ? undefined : trimTrailing(m[3]);
      if (!acceptBare(host, path)) continue;
      url = host + (path ?? '');
    }
    found.add(url);
  }
}

/**
 * URLs in free text, refanged but not canonicalised, de-duplicated in order of first appearance.
 * Finds http(s) and defanged hxxp(s)/[.] forms, full-width (NFKC) forms, URLs in <…> and Japanese
 * brackets, and bare `example.com/login` (a path is required, except for `www.` hosts) when the TLD
 * is a listed public suffix that is not a common file extension. Never throws on string input.
 */
export function extractUrls(text: string): string[] {
  if (typeof text !== 'string' || text === '') return [];
  const found = new Set<string>();
  collect(prepare(text), found);
  return [...found];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  colon: ':',
  period: '.',
  quest: '?',
  equals: '=',
  num: '#',
  percnt: '%',
  lpar: '(',
  rpar: ')',
  tab: '\t',
  newline: '\n',
};

/** Decode the entities that matter for URLs (numeric ones and a few named ones). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));?/g, (whole, dec, hex, name) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

const URL_ATTRIBUTES =
  /(?:^|[\s"'/])(href|src|action|formaction|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const ATTRIBUTE_URL = /^(?:https?:)?\/\/[^/?#\s]/i;

interface HtmlParts {
  tags: string[];
  text: string;
}

/** Split HTML into tags and text in one linear pass; quoted attribute values may contain '>'. */
function tokenize(html: string): HtmlParts {
  const tags: string[] = [];
  const text: string[] = [];
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) {
      text.push(html.slice(i));
      break;
    }
    text.push(html.slice(i, open));
    let quote = '';
    let j = open + 1;
    for (; j < html.length; j++) {
      const ch = html[j]!;
      if (quote !== '') {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") {
        // only a quote right after '=' (possibly after spaces) opens an attribute value
        if (/=\s*$/.test(html.slice(Math.max(open, j - 8), j))) quote = ch;
      } else if (ch === '>') {
        break;
      }
    }
    tags.push(html.slice(open + 1, j));
    text.push(' ');
    i = j + 1;
  }
  return { tags, text: text.join('') };
}

/**
 * URLs in an HTML document: absolute or protocol-relative href/src/action/formaction attribute values
 * (and URLs inside `content`, e.g. meta refresh), then extractUrls over the text with tags stripped and
 * entities decoded. Attribute values are entity-decoded and refanged, not canonicalised.
 */
export function extractUrlsFromHtml(html: string): string[] {
  if (typeof html !== 'string' || html === '') return [];
  const input = html.length > MAX_EXTRACT_INPUT ? html.slice(0, MAX_EXTRACT_INPUT) : html;
  const { tags, text } = tokenize(input);
  const found = new Set<string>();
  for (const tag of tags) {
    if (found.size >= MAX_EXTRACTED_URLS) break;
    if (!/^[a-z]/i.test(tag)) continue; // comments, doctype, closing tags
    URL_ATTRIBUTES.lastIndex = 0;
    for (let m = URL_ATTRIBUTES.exec(tag); m !== null; m = URL_ATTRIBUTES.exec(tag)) {
      if (found.size >= MAX_EXTRACTED_URLS) break;
      const value = refang(
        decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')
          .trim()
          .replace(/[\t\r\n]/g, ''),
      );
      if (m[1]!.toLowerCase() === 'content') collect(prepare(value), found);
      else if (ATTRIBUTE_URL.test(value)) found.add(value);
    }
  }
  if (found.size < MAX_EXTRACTED_URLS) collect(prepare(decodeEntities(text)), found);
  return [...found].slice(0, MAX_EXTRACTED_URLS);
}
