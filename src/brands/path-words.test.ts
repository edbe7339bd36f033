import { describe, expect, it } from 'vitest';
import { madeOfGlueWords } from './path-words.ts';

describe('madeOfGlueWords', () => {
  it('accepts runs of phishing words and digits, and the empty rest', () => {
    expect(madeOfGlueWords('')).toBe(true);
    expect(madeOfGlueWords('webmail')).toBe(true);
    expect(madeOfGlueWords('mailweb2')).toBe(true);
    expect(madeOfGlueWords('jp01login')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(madeOfGlueWords('nt')).toBe(false);
    expect(madeOfGlueWords('webx')).toBe(false);
    expect(madeOfGlueWords('f195e6304b8b')).toBe(false);
    expect(madeOfGlueWords('a'.repeat(300))).toBe(false);
  });
});
