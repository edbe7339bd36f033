/** What a STIX pattern says about URLs: nothing, a list of URLs, or why we will not take it as a URL list. */
export type UrlPatternResult =
  | { kind: 'none' }
  | { kind: 'urls'; urls: string[] }
  | { kind: 'refused'; reason: string };

type Tok = { t: 'str' | 'word' | 'op' | 'punct'; v: string };

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'IN',
  'ISSUBSET',
  'ISSUPERSET',
  'EXISTS',
  'WITHIN',
  'SECONDS',
  'REPEATS',
  'TIMES',
  'START',
  'STOP',
]);
const WORD_OPS = new Set(['LIKE', 'MATCHES', 'IN', 'ISSUBSET', 'ISSUPERSET']);
const WORD_CHAR = /[A-Za-z0-9_:.\-*]/;

/** Reads a quoted literal starting at `quote` (the index of `'`); STIX escapes are `\'` and `\\`. */
function readQuoted(s: string, quote: number): { value: string; end: number } {
  let out = '';
  for (let i = quote + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && (s[i + 1] === "'" || s[i + 1] === '\\')) {
      out += s[i + 1];
      i++;
    } else if (c === "'") return { value: out, end: i + 1 };
    else out += c;
  }
  throw new Error('unterminated string literal');
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      const q = readQuoted(s, i);
      toks.push({ t: 'str', v: q.value });
      i = q.end;
    } else if ('[]()'.includes(c) || c === ',') {
      toks.push({ t: 'punct', v: c });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = s.slice(i, i + 2);
      const op = ['!=', '<=', '>='].includes(two) ? two : c;
      if (op === '!') throw new Error(`unexpected "!" at ${i}`);
      toks.push({ t: 'op', v: op });
      i += op.length;
    } else if (WORD_CHAR.test(c)) {
      let word = '';
      while (i < s.length) {
        const d = s[i]!;
        if (WORD_CHAR.test(d)) {
          word += d;
          i++;
        } else if (d === "'" && word.endsWith('.')) {
          // Quoted path step: file:hashes.'SHA-256'
          const q = readQuoted(s, i);
          word += `'${q.value}'`;
          i = q.end;
        } else break;
      }
      // Typed literals: b'…' (binary), h'…' (hex), t'…' (timestamp).
      if ((word === 'b' || word === 'h' || word === 't') && s[i] === "'") {
        const q = readQuoted(s, i);
        toks.push({ t: 'str', v: q.value });
        i = q.end;
      } else toks.push({ t: 'word', v: word });
    } else {
      throw new Error(`unexpected "${c}" at ${i}`);
    }
  }
  return toks;
}

/**
 * Extracts the URLs of an indicator pattern such as `[url:value = 'http://x/it\'s']` or
 * `[url:value = 'a' OR url:value = 'b'] OR [url:value IN ('c', 'd')]`. Only patterns whose URL
 * comparisons are equalities joined by OR name URLs outright; a URL compared with LIKE/MATCHES or combined
 * with AND/FOLLOWEDBY describes a condition, not a phishing URL, and is refused with the reason. A
 * pattern with no URL comparison at all is `none` (another kind of indicator).
 */
export function urlsFromPattern(pattern: string): UrlPatternResult {
  let toks: Tok[];
  try {
    toks = tokenize(pattern);
  } catch (e) {
    return { kind: 'refused', reason: `unreadable pattern: ${(e as Error).message}` };
  }
  const urls: string[] = [];
  const problems: string[] = [];
  let combined = false;
  let sawUrl = false;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    if (tok.t !== 'word') continue;
    const upper = tok.v.toUpperCase();
    if (upper === 'AND' || upper === 'FOLLOWEDBY') combined = true;
    if (KEYWORDS.has(upper) || !tok.v.includes(':')) continue;
    const isUrl = tok.v.toLowerCase() === 'url:value';
    if (!isUrl) continue;
    sawUrl = true;
    if (toks[i - 1]?.t === 'word' && toks[i - 1]!.v.toUpperCase() === 'EXISTS') {
      problems.push('EXISTS url:value');
      continue;
    }
    let j = i + 1;
    let negated = false;
    if (toks[j]?.t === 'word' && toks[j]!.v.toUpperCase() === 'NOT') {
      negated = true;
      j++;
    }
    const op = toks[j];
    const opName = op?.t === 'op' ? op.v : op?.t === 'word' ? op.v.toUpperCase() : '';
    if (op?.t === 'word' && !WORD_OPS.has(opName)) {
      problems.push(`unknown operator ${op.v}`);
      continue;
    }
    if (negated || (opName !== '=' && opName !== 'IN')) {
      problems.push(`url:value ${negated ? 'NOT ' : ''}${opName || '(no operator)'}`);
      continue;
    }
    if (opName === '=') {
      const value = toks[j + 1];
      if (value?.t !== 'str') problems.push('url:value = without a string');
      else urls.push(value.v);
      continue;
    }
    // IN ('a', 'b')
    if (toks[j + 1]?.v !== '(') {
      problems.push('url:value IN without a list');
      continue;
    }
    for (let k = j + 2; k < toks.length && toks[k]!.v !== ')'; k++) {
      const t = toks[k]!;
      if (t.t === 'str') urls.push(t.v);
      else if (t.v !== ',') problems.push('non-string in IN list');
    }
  }
  if (!sawUrl) return { kind: 'none' };
  if (problems.length > 0) return { kind: 'refused', reason: `pattern not a plain URL list: ${problems[0]}` };
  if (combined) return { kind: 'refused', reason: 'pattern combines url:value with AND/FOLLOWEDBY' };
  return { kind: 'urls', urls: [...new Set(urls)] };
}
