/**
 * Typosquat detection: is a host token within a small Damerau-Levenshtein distance of an official
 * domain's name? Candidates come from buckets keyed by (length, first letter) and (length, last letter):
 * one edit never changes both ends of a word, and for two edits we accept the same restriction (a
 * typosquat that alters both ends no longer reads as the brand). Each candidate carries a letter-set bit
 * mask; one edit flips at most two bits, so popcount(mask(token) ^ mask(name)) > 2 × distance rules it out
 * with two integer operations. Only the few survivors get the (early-exit) distance computation.
 *
 * Thresholds (precision over recall; short names collide with ordinary words):
 * - names of 4-5 characters: exact skeleton match only ('smbc', 'epos');
 * - 6-9 characters: distance 1; for 6-7 the first letter must also match ('saison' must not catch 'maison');
 * - 10+ characters: distance 2 ('kuronekoyamato'), in the registrable label only (`deep`).
 * A label written as an official domain ('amazoazm.co.jp.<random>.ml': the name, then a suffix such as
 * 'co.jp' inside the subdomain) is read by the victim as the brand's domain; there (`findSpoofed`) a name
 * of 5 characters allows distance 1, 6-8 distance 2, 9+ distance 3 (one end kept, as above).
 */

export type LookalikeEntry = { name: string; domain: string; brand: number };
export type LookalikeHit = { entry: LookalikeEntry; distance: number };

const MAX_LEN = 63;
const rowA = new Int32Array(MAX_LEN + 2);
const rowB = new Int32Array(MAX_LEN + 2);
const rowC = new Int32Array(MAX_LEN + 2);

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped at max + 1. */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max || a.length > MAX_LEN || b.length > MAX_LEN) return max + 1;
  const n = b.length;
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n]!, max + 1);
}

export function spoofedDistance(nameLength: number): number {
  if (nameLength >= 9) return 3;
  if (nameLength >= 6) return 2;
  if (nameLength >= 5) return 1;
  return 0;
}

export function maxDistance(nameLength: number): number {
  if (nameLength >= 10) return 2;
  if (nameLength >= 6) return 1;
  return 0;
}

type Entry = LookalikeEntry & { mask: number };

export class LookalikeIndex {
  private readonly exact = new Map<string, Entry[]>();
  /** Names of 5+ characters by first and by last character code, for labels written as a domain. */
  private readonly spoofByFirst: (Entry[] | undefined)[] = new Array(128).fill(undefined);
  private readonly spoofByLast: (Entry[] | undefined)[] = new Array(128).fill(undefined);
  /** Names allowed a distance ≥ 1, at index length × 128 + first (or last) character code. */
  private readonly byFirst: (Entry[] | undefined)[] = new Array((MAX_LEN + 3) * 128).fill(undefined);
  private readonly byLast: (Entry[] | undefined)[] = new Array((MAX_LEN + 3) * 128).fill(undefined);
  private readonly maxLength: number;
  /** Most digits in any name ('77bank', '18shinwabank'): a token with more than this + 2 is no look-alike. */
  private readonly maxDigits: number;

  constructor(entries: readonly LookalikeEntry[]) {
    let maxLength = 0;
    let maxDigits = 0;
    const seen = new Set<string>();
    for (const e of entries) {
      const n = e.name.length;
      if (n < 4 || n > MAX_LEN) continue;
      const key = `${e.name} ${e.brand}`;
      if (seen.has(key)) continue; // bk.mufg.jp and tr.mufg.jp: one name per brand is enough
      seen.add(key);
      const entry: Entry = { ...e, mask: letterMask(e.name) };
      push(this.exact, e.name, entry);
      if (spoofedDistance(n) > 0 && e.name.charCodeAt(0) < 128 && e.name.charCodeAt(n - 1) < 128) {
        addTo(this.spoofByFirst, e.name.charCodeAt(0), entry);
        addTo(this.spoofByLast, e.name.charCodeAt(n - 1), entry);
      }
      if (maxDistance(n) > 0) {
        addTo(this.byFirst, n * 128 + e.name.charCodeAt(0), entry);
        // Names of 6-7 characters must keep their first letter: no last-letter bucket.
        if (n > 7) addTo(this.byLast, n * 128 + e.name.charCodeAt(n - 1), entry);
        maxLength = Math.max(maxLength, n);
        maxDigits = Math.max(maxDigits, e.name.replace(/\D/g, '').length);
      }
    }
    this.maxLength = maxLength;
    this.maxDigits = maxDigits;
  }

  /** Entries whose name equals the token. */
  exactMatches(token: string): readonly LookalikeEntry[] {
    return this.exact.get(token) ?? [];
  }

  /**
   * Official names within spoofedDistance of a label written as an official domain (never distance 0),
   * keeping the first or the last letter, like `find`.
   */
  findSpoofed(token: string, out: LookalikeHit[]): void {
    const len = token.length;
    if (len < 4 || len > MAX_LEN) return;
    const first = token.charCodeAt(0);
    const last = token.charCodeAt(len - 1);
    if (first >= 128 || last >= 128) return;
    const mask = letterMask(token);
    const a = this.spoofByFirst[first];
    if (a) for (const e of a) checkSpoofed(token, len, mask, e, out);
    const b = this.spoofByLast[last];
    if (b) for (const e of b) if (e.name.charCodeAt(0) !== first) checkSpoofed(token, len, mask, e, out);
  }

  /**
   * Can `find(token, false)` find anything for a token of this length and these end characters? A cheap
   * test before cutting the token out of a longer text (path tokens: most have no candidate at all).
   */
  mayFind(len: number, first: number, last: number): boolean {
    if (len < 5 || first >= 128 || last >= 128) return false;
    for (let l = Math.max(6, len - 1); l <= Math.min(this.maxLength, len + 1); l++) {
      if (this.byFirst[l * 128 + first] || this.byLast[l * 128 + last]) return true;
    }
    return false;
  }

  /**
   * Official names at distance 1..2 from the token (never 0). Without `deep`, long names are held to
   * distance 1 too (subdomain labels are noisier than the registrable label).
   */
  find(token: string, deep: boolean, out: LookalikeHit[]): void {
    const len = token.length;
    if (len < 5 || len > this.maxLength + 2) return;
    const first = token.charCodeAt(0);
    const last = token.charCodeAt(len - 1);
    if (first >= 128 || last >= 128) return;
    // One pass: the letter mask, and the digit count that rules out random labels ('d3fn4vrf7n46l3o4').
    let mask = 0;
    let digits = 0;
    for (let i = 0; i < len; i++) {
      const c = token.charCodeAt(i);
      if (c >= 97 && c <= 122) mask |= 1 << (c - 97);
      else if (c >= 48 && c <= 57) {
        mask |= 1 << (26 + ((c - 48) % 6));
        digits++;
      }
    }
    if (digits > this.maxDigits + 2) return;
    for (let l = Math.max(6, len - 2); l <= Math.min(this.maxLength, len + 2); l++) {
      const max = deep ? maxDistance(l) : Math.min(1, maxDistance(l));
      if (Math.abs(l - len) > max) continue;
      const a = this.byFirst[l * 128 + first];
      if (a) for (const e of a) check(token, mask, e, max, out);
      const b = this.byLast[l * 128 + last];
      // A name with both ends equal to the token's is already in the first bucket.
      if (b) for (const e of b) if (e.name.charCodeAt(0) !== first) check(token, mask, e, max, out);
    }
  }
}

function checkSpoofed(token: string, len: number, mask: number, e: Entry, out: LookalikeHit[]): void {
  const max = spoofedDistance(e.name.length);
  if (Math.abs(e.name.length - len) > max) return;
  // Each edit brings in at most one letter the other word lacks, on either side.
  if (popcount(mask & ~e.mask) > max || popcount(e.mask & ~mask) > max) return;
  const d = osaDistance(token, e.name, max);
  if (d > 0 && d <= max) out.push({ entry: e, distance: d });
}

function addTo(buckets: (Entry[] | undefined)[], i: number, e: Entry): void {
  const list = buckets[i];
  if (list) list.push(e);
  else buckets[i] = [e];
}

function check(token: string, mask: number, e: Entry, max: number, out: LookalikeHit[]): void {
  if (popcount(mask ^ e.mask) > 2 * max) return;
  const d = osaDistance(token, e.name, max);
  if (d > 0 && d <= max) out.push({ entry: e, distance: d });
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Bit i set when the letter a+i occurs; digits share bits 26-31. Collisions only weaken the filter. */
function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) m |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) m |= 1 << (26 + ((c - 48) % 6));
  }
  return m;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
