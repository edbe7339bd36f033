/**
 * A compact confusables skeleton for host names (after IDN decoding): characters that render like a Latin
 * letter are replaced by it, so 'аmazon' (Cyrillic а), 'rnercari' and 'paypa1' compare equal to the real
 * names. It is a subset of Unicode's UTS #39 confusables covering what phishing hosts use: Cyrillic and
 * Greek look-alikes, Latin variants, accents (stripped), the digits 0 and 1, and the pairs rn → m, vv → w.
 */

const SINGLE: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  с: 'c',
  ѕ: 's',
  т: 't',
  у: 'y',
  ԝ: 'w',
  х: 'x',
  ԁ: 'd',
  ь: 'b',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  // Latin variants that NFKD does not fold
  ı: 'i',
  ȷ: 'j',
  ɑ: 'a',
  ɡ: 'g',
  ɩ: 'i',
  ɪ: 'i',
  ʟ: 'l',
  ᴏ: 'o',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  // digits
  '0': 'o',
  '1': 'l',
};

/** True when skeleton(s) may differ from s (cheap pre-check for the ASCII hot path). */
function mayChange(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || c === 48 || c === 49) return true; // non-ASCII, '0', '1'
    if (c === 114 && s.charCodeAt(i + 1) === 110) return true; // 'rn'
    if (c === 118 && s.charCodeAt(i + 1) === 118) return true; // 'vv'
  }
  return false;
}

/** The look-alike skeleton of a lowercase host (or part of one). Returns s itself when nothing changes. */
export function skeleton(s: string): string {
  if (!mayChange(s)) return s;
  if (!/[^\x00-\x7f]/.test(s)) {
    // ASCII fast path: only the digits and the letter pairs can change.
    return s.replaceAll('0', 'o').replaceAll('1', 'l').replaceAll('rn', 'm').replaceAll('vv', 'w');
  }
  let t = s;
  // Strip accents: 'ạ' → 'a', 'é' → 'e'. NFKD also folds full-width and compatibility forms.
  t = t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of t) out += SINGLE[ch] ?? ch;
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
