import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.ts';
import { skeleton } from './confusables.ts';
import { compileKeywords, nameCarriesKeyword, separatorVariants } from './keywords.ts';
import { type LookalikeHit, LookalikeIndex, osaDistance } from './lookalike.ts';

function naiveOccurrences(text: string, patterns: string[]): string[] {
  const out: string[] = [];
  patterns.forEach((p, id) => {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) out.push(`${id}@${i + p.length}`);
  });
  return out.sort();
}

describe('AhoCorasick', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '.'), minLength: 1, maxLength: 5 });

  it('finds exactly the occurrences a naive search finds (host alphabet, both APIs)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '.', '/'), maxLength: 40 }),
        (patterns, text) => {
          const ac = new AhoCorasick(patterns, 'host');
          const scanned: string[] = [];
          ac.scan(text, (p, end) => scanned.push(`${p}@${end}`));
          const ids = new Int32Array(500);
          const ends = new Int32Array(500);
          const n = ac.collect(text, ids, ends);
          const collected = Array.from({ length: n }, (_, i) => `${ids[i]}@${ends[i]}`);
          // '/' is outside the host alphabet: no pattern can span it, and none contains it.
          const expected = naiveOccurrences(text, patterns);
          expect(scanned.sort()).toEqual(expected);
          expect(collected.sort()).toEqual(expected);
        },
      ),
    );
  });

  it('handles any UTF-16 text in the unicode alphabet', () => {
    const ac = new AhoCorasick(['楽天', '楽天カード', 'カード'], 'unicode');
    const found: string[] = [];
    ac.scan('【楽天カード】', (p, end) => found.push(`${ac.patterns[p]}@${end}`));
    expect(found.sort()).toEqual(['カード@6', '楽天@3', '楽天カード@6']);
  });

  it('rejects host patterns outside the alphabet', () => {
    expect(() => new AhoCorasick(['a/b'], 'host')).toThrow(/host alphabet/);
  });
});

/** Textbook optimal string alignment distance, for comparison. */
function referenceOsa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('lookalike', () => {
  it('osaDistance equals the reference, capped at max + 1', () => {
    const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
    fc.assert(
      fc.property(s, s, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(osaDistance(a, b, max)).toBe(Math.min(referenceOsa(a, b), max + 1));
      }),
    );
  });

  it('finds names within the distance their length allows', () => {
    const index = new LookalikeIndex([
      { name: 'rakuten', domain: 'rakuten.co.jp', brand: 0 },
      { name: 'kuronekoyamato', domain: 'kuronekoyamato.co.jp', brand: 1 },
      { name: 'smbc', domain: 'smbc.co.jp', brand: 2 },
    ]);
    const find = (t: string, deep = true) => {
      const out: LookalikeHit[] = [];
      index.find(t, deep, out);
      return out.map((h) => `${h.entry.name}:${h.distance}`);
    };
    expect(find('rakuten')).toEqual([]); // distance 0 is the keyword's job
    expect(find('rakutem')).toEqual(['rakuten:1']);
    expect(find('rakutne')).toEqual(['rakuten:1']); // transposition
    expect(find('rakutenn')).toEqual(['rakuten:1']);
    expect(find('rakotem')).toEqual([]); // 7 letters: distance 1 only
    expect(find('xakuten')).toEqual([]); // 6-7 letters keep the first letter
    expect(find('kuronkoyamatto')).toEqual(['kuronekoyamato:2']);
    expect(find('kuronkoyamatto', false)).toEqual([]); // not deep: long names held to distance 1
    expect(find('smbd')).toEqual([]); // 4 letters: exact only
    expect(index.exactMatches('smbc').map((e) => e.domain)).toEqual(['smbc.co.jp']);
  });

  it('mayFind is true whenever find (not deep) finds something', () => {
    const index = new LookalikeIndex([
      { name: 'rakuten', domain: 'rakuten.co.jp', brand: 0 },
      { name: 'kuronekoyamato', domain: 'kuronekoyamato.co.jp', brand: 1 },
    ]);
    const token = fc.string({
      unit: fc.constantFrom('r', 'a', 'k', 'u', 't', 'e', 'n', 'o', 'x'),
      maxLength: 15,
    });
    fc.assert(
      fc.property(fc.oneof(token, fc.constantFrom('rakutem', 'akuten', 'kuronekoyamat0')), (t) => {
        const out: LookalikeHit[] = [];
        index.find(t, false, out);
        if (out.length > 0)
          expect(index.mayFind(t.length, t.charCodeAt(0), t.charCodeAt(t.length - 1))).toBe(true);
      }),
    );
    expect(index.mayFind(7, 'q'.charCodeAt(0), 'q'.charCodeAt(0))).toBe(false);
  });

  it('allows a wider distance to a label written as a spoofed official domain', () => {
    const index = new LookalikeIndex([
      { name: 'rakuten', domain: 'rakuten.co.jp', brand: 0 },
      { name: 'kuronekoyamato', domain: 'kuronekoyamato.co.jp', brand: 1 },
      { name: 'smbc', domain: 'smbc.co.jp', brand: 2 },
    ]);
    const spoofed = (t: string) => {
      const out: LookalikeHit[] = [];
      index.findSpoofed(t, out);
      return out.map((h) => `${h.entry.name}:${h.distance}`);
    };
    expect(spoofed('rakotem')).toEqual(['rakuten:2']);
    expect(spoofed('xakuten')).toEqual(['rakuten:1']);
    expect(spoofed('xakutem')).toEqual([]); // one end must stay
    expect(spoofed('rxkxtxm')).toEqual([]); // 7 letters: distance 2 at most
    expect(spoofed('kurnkoyamatto')).toEqual(['kuronekoyamato:3']);
    expect(spoofed('smbd')).toEqual([]); // 4 letters: exact only, as elsewhere
    expect(spoofed('rakuten')).toEqual([]); // distance 0 is the keyword's job
  });
});

describe('confusables skeleton', () => {
  it('folds Cyrillic, Greek, accents, digits and letter pairs', () => {
    expect(skeleton('аmazon')).toBe('amazon'); // Cyrillic а
    expect(skeleton('αpple')).toBe('apple'); // Greek α
    expect(skeleton('ạmazon')).toBe('amazon');
    expect(skeleton('paypa1')).toBe('paypal');
    expect(skeleton('g00gle')).toBe('google');
    expect(skeleton('rnercari')).toBe('mercari');
    expect(skeleton('vvellsfargo')).toBe('wellsfargo');
  });

  it('returns plain names unchanged', () => {
    const s = 'amazon-login';
    expect(skeleton(s)).toBe(s);
  });
});

describe('keywords', () => {
  it('spells separators three ways', () => {
    expect(separatorVariants('eki-net').sort()).toEqual(['eki-net', 'eki.net', 'ekinet']);
    expect(separatorVariants('amazon')).toEqual(['amazon']);
  });

  it('compiles substring, token and compound keywords, marking shared ones', () => {
    const kw = compileKeywords([
      { keywords: ['smbc', 'vpass', 'smbc+card'], officialDomains: ['smbc-card.com'] },
      { keywords: ['smbc'], officialDomains: ['smbc.co.jp'] },
    ]);
    const id = (p: string) => kw.patterns.indexOf(p);
    expect(kw.patternTokenRefs[id('smbc')]!.map((r) => [r.brand, r.shared])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(kw.patternRefs[id('vpass')]!.map((r) => r.shared)).toEqual([false]);
    expect(kw.compounds).toEqual([
      { brand: 0, keyword: 'smbc+card', parts: [id('smbc'), id('card')], family: -1 },
    ]);
    expect(kw.patternRefs[id('smbc-card-com')]!.map((r) => r.keyword)).toEqual(['smbc-card.com']);
    expect(id('smbc-co-jp')).toBe(-1); // spells the shared group name: no more specific than 'smbc'
  });

  it('links a sister brand’s name to the brand whose own name it extends by a service word', () => {
    const kw = compileKeywords([
      { keywords: ['acme'], officialDomains: [] },
      { keywords: ['acme-card', 'acme+card'], officialDomains: [] },
      { keywords: ['acmebank', 'acmetravel'], officialDomains: [] },
    ]);
    const family = (p: string) => kw.patternRefs[kw.patterns.indexOf(p)]!.map((r) => r.family);
    expect(family('acme-card')).toEqual([0]);
    expect(family('acmebank')).toEqual([0]);
    expect(family('acmetravel')).toEqual([-1]); // 'travel' is no service word
    expect(kw.compounds.map((c) => c.family)).toEqual([0]);
  });

  it('admits only distinctive official names to look-alike matching', () => {
    expect(nameCarriesKeyword('kuronekoyamato', ['kuroneko', 'yamato'])).toBe(true);
    expect(nameCarriesKeyword('smbc-card', ['smbc+card'])).toBe(true);
    expect(nameCarriesKeyword('family', ['familymart'])).toBe(false);
  });
});
