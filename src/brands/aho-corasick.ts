/**
 * Aho-Corasick multi-pattern search: one pass over the text finds every occurrence of every pattern, so
 * matching 170,000 URLs against ~1,000 brand keywords costs a scan of each URL, not brands × keywords.
 *
 * Two alphabets:
 * - 'host': a-z 0-9 '-' '.' '_' with a dense transition table (a fully built automaton: one array read a
 *   character). Any other character resets the search. Used in the URL hot path.
 * - 'unicode': any UTF-16 code unit, sparse transitions with failure links followed at search time. Used
 *   for e-mail text (names in Japanese).
 */

const HOST_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-._';
const HOST_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < HOST_ALPHABET.length; i++) HOST_INDEX[HOST_ALPHABET.charCodeAt(i)] = i;
const HOST_SIZE = HOST_ALPHABET.length;

export type Alphabet = 'host' | 'unicode';

export class AhoCorasick {
  readonly patterns: readonly string[];
  /** dense[s + k] = (next state) × HOST_SIZE, with s itself stored pre-multiplied: no multiply per character. */
  private readonly dense: Int32Array | null;
  /** Output count per state (host alphabet): most states have none, so the common case reads one byte. */
  private readonly outCount: Uint8Array;
  private readonly sparse: Map<number, number>[];
  private readonly fail: Int32Array;
  /** outputs[state]: pattern ids ending at this state, including those reached by failure links. */
  private readonly outputs: Int32Array[];

  constructor(patterns: readonly string[], alphabet: Alphabet) {
    this.patterns = patterns;
    const sparse: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (alphabet === 'host' && (c >= 128 || HOST_INDEX[c]! < 0)) {
          throw new Error(`pattern "${p}" has a character outside the host alphabet`);
        }
        let next = sparse[s]!.get(c);
        if (next === undefined) {
          next = sparse.length;
          sparse.push(new Map());
          own.push([]);
          sparse[s]!.set(c, next);
        }
        s = next;
      }
      own[s]!.push(id);
    });

    // Breadth-first: failure links and merged outputs.
    const n = sparse.length;
    const fail = new Int32Array(n);
    const outputs: Int32Array[] = new Array(n);
    outputs[0] = Int32Array.from(own[0]!);
    const queue: number[] = [];
    for (const child of sparse[0]!.values()) {
      fail[child] = 0;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      outputs[s] = Int32Array.from([...own[s]!, ...outputs[fail[s]!]!]);
      for (const [c, child] of sparse[s]!) {
        let f = fail[s]!;
        while (f !== 0 && !sparse[f]!.has(c)) f = fail[f]!;
        const target = sparse[f]!.get(c);
        fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
    }

    let dense: Int32Array | null = null;
    if (alphabet === 'host') {
      // Full DFA: dense[s * HOST_SIZE + k] is (the state after symbol k in state s) × HOST_SIZE.
      dense = new Int32Array(n * HOST_SIZE);
      const order = [0, ...queue];
      for (const s of order) {
        for (let k = 0; k < HOST_SIZE; k++) {
          const child = sparse[s]!.get(HOST_ALPHABET.charCodeAt(k));
          dense[s * HOST_SIZE + k] =
            child !== undefined ? child * HOST_SIZE : s === 0 ? 0 : dense[fail[s]! * HOST_SIZE + k]!;
        }
      }
    }
    this.dense = dense;
    this.outCount = Uint8Array.from(outputs, (o) => Math.min(255, o.length));
    this.sparse = sparse;
    this.fail = fail;
    this.outputs = outputs;
  }

  /**
   * Host alphabet only: writes up to ids.length occurrences into ids/ends (pattern id, end offset) and
   * returns how many. No callback, no allocation: the URL hot path.
   */
  collect(text: string, ids: Int32Array, ends: Int32Array): number {
    const dense = this.dense;
    if (!dense) throw new Error('collect() needs the host alphabet');
    const { outputs, outCount } = this;
    let n = 0;
    let s = 0; // state × HOST_SIZE
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const k = c < 128 ? HOST_INDEX[c]! : -1;
      if (k < 0) {
        s = 0;
        continue;
      }
      s = dense[s + k]!;
      const state = s / HOST_SIZE;
      if (outCount[state] === 0) continue;
      const out = outputs[state]!;
      for (let j = 0; j < out.length && n < ids.length; j++) {
        ids[n] = out[j]!;
        ends[n++] = i + 1;
      }
    }
    return n;
  }

  /** Calls onMatch(patternId, end) for every occurrence; the match is text.slice(end - length, end). */
  scan(text: string, onMatch: (pattern: number, end: number) => void): void {
    const { dense, outputs } = this;
    let s = 0;
    if (dense) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const k = c < 128 ? HOST_INDEX[c]! : -1;
        if (k < 0) {
          s = 0;
          continue;
        }
        s = dense[s + k]!;
        const out = outputs[s / HOST_SIZE]!;
        for (let j = 0; j < out.length; j++) onMatch(out[j]!, i + 1);
      }
      return;
    }
    const { sparse, fail } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = sparse[s]!.get(c);
      while (next === undefined && s !== 0) {
        s = fail[s]!;
        next = sparse[s]!.get(c);
      }
      s = next ?? 0;
      const out = outputs[s]!;
      for (let j = 0; j < out.length; j++) onMatch(out[j]!, i + 1);
    }
  }
}
