import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { fullHashes, hashPrefix, lookupExpressions, sha256Hex } from './expressions.ts';

describe('lookupExpressions', () => {
  it('matches the DOMAIN.md example, in order', () => {
    expect(lookupExpressions('http://a.b.c/1/2.html?param=1/2')).toEqual([
      'a.b.c/1/2.html?param=1/2',
      'a.b.c/1/2.html',
      'a.b.c/1/',
      'a.b.c/',
      'b.c/1/2.html?param=1/2',
      'b.c/1/2.html',
      'b.c/1/',
      'b.c/',
    ]);
  });

  it('uses the exact host plus at most 4 suffixes of the last 5 labels, never the TLD alone', () => {
    expect(lookupExpressions('http://a.b.c.d.e.f.g/1.html')).toEqual([
      'a.b.c.d.e.f.g/1.html',
      'a.b.c.d.e.f.g/',
      'c.d.e.f.g/1.html',
      'c.d.e.f.g/',
      'd.e.f.g/1.html',
      'd.e.f.g/',
      'e.f.g/1.html',
      'e.f.g/',
      'f.g/1.html',
      'f.g/',
    ]);
    expect(lookupExpressions('http://a.b.c.d.e/1.html')).toEqual([
      'a.b.c.d.e/1.html',
      'a.b.c.d.e/',
      'b.c.d.e/1.html',
      'b.c.d.e/',
      'c.d.e/1.html',
      'c.d.e/',
      'd.e/1.html',
      'd.e/',
    ]);
    expect(lookupExpressions('http://b/')).toEqual(['b/']);
    expect(lookupExpressions('http://a.b/')).toEqual(['a.b/']);
  });

  it('uses up to 3 directory prefixes plus "/", longest first', () => {
    expect(lookupExpressions('http://a.b.c/1/2/3/4/5/')).toEqual([
      'a.b.c/1/2/3/4/5/',
      'a.b.c/1/2/3/',
      'a.b.c/1/2/',
      'a.b.c/1/',
      'a.b.c/',
      'b.c/1/2/3/4/5/',
      'b.c/1/2/3/',
      'b.c/1/2/',
      'b.c/1/',
      'b.c/',
    ]);
    expect(lookupExpressions('http://a.com/a/b/c/d/e.html?123')).toEqual([
      'a.com/a/b/c/d/e.html?123',
      'a.com/a/b/c/d/e.html',
      'a.com/a/b/c/',
      'a.com/a/b/',
      'a.com/a/',
      'a.com/',
    ]);
  });

  it('uses only the exact host for IPv4 and IPv6', () => {
    expect(lookupExpressions('http://1.2.3.4/1/')).toEqual(['1.2.3.4/1/', '1.2.3.4/']);
    expect(lookupExpressions('http://[2001:470:1:18::114]/a/b')).toEqual([
      '[2001:470:1:18::114]/a/b',
      '[2001:470:1:18::114]/a/',
      '[2001:470:1:18::114]/',
    ]);
  });

  it('adds nothing for an empty query and canonicalises its input first', () => {
    expect(lookupExpressions('http://a.b/?')).toEqual(['a.b/']);
    expect(lookupExpressions('HTTP://A.B.C/1/../2.html#frag')).toEqual(
      lookupExpressions('http://a.b.c/2.html'),
    );
  });

  it('throws AppError for what canonicalizeUrl rejects', () => {
    expect(() => lookupExpressions('/asdf')).toThrow(expect.objectContaining({ code: 'url.invalid' }));
  });
});

describe('hashes', () => {
  it('gives the DOMAIN.md prefix for foo.com/', () => {
    expect(hashPrefix('foo.com/')).toBe('af30010e');
    expect(sha256Hex('foo.com/').startsWith('af30010e')).toBe(true);
  });

  it('agrees with node:crypto and honours the prefix length', () => {
    const expected = createHash('sha256').update('a.b.c/1/').digest('hex');
    expect(sha256Hex('a.b.c/1/')).toBe(expected);
    expect(hashPrefix('a.b.c/1/', 32)).toBe(expected);
    expect(hashPrefix('a.b.c/1/', 6)).toBe(expected.slice(0, 12));
    for (const bad of [0, 33, 2.5]) {
      try {
        hashPrefix('x', bad);
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error)).toBe(true);
      }
    }
  });

  it('hashes every lookup expression', () => {
    const hashes = fullHashes('http://foo.com/');
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toEqual({ expression: 'foo.com/', hash: sha256Hex('foo.com/'), prefix: 'af30010e' });
    const many = fullHashes('http://a.b.c/1/2.html?param=1/2');
    expect(many.map((h) => h.expression)).toEqual(lookupExpressions('http://a.b.c/1/2.html?param=1/2'));
    for (const h of many) expect(h.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
