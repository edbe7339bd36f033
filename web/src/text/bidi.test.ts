import { describe, expect, it } from 'vitest';
import { hasBidiControls, neutraliseBidi } from './bidi.ts';

describe('neutraliseBidi', () => {
  it('makes every embedding, override and isolate control visible, and nothing else', () => {
    const controls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of controls) {
      const text = `invoice${String.fromCodePoint(c)}fdp.exe`;
      const hex = c.toString(16).toUpperCase();
      expect(neutraliseBidi(text)).toBe(`invoice[U+${hex}]fdp.exe`);
      expect(hasBidiControls(neutraliseBidi(text))).toBe(false);
    }
    // Right-to-left letters, marks and other text are left alone (the element isolates them).
    for (const honest of ['مرحبا بالعالم', 'שלום', 'ＳＭＢＣカード', 'a\u200Fb', 'https://a.example/'])
      expect(neutraliseBidi(honest)).toBe(honest);
  });

  it('percent-encodes them in a URL that goes back into a form: the same URL to the canonicaliser', () => {
    expect(neutraliseBidi('https://a.example/\u202Egpj.exe', 'percent')).toBe(
      'https://a.example/%E2%80%AEgpj.exe',
    );
    expect(neutraliseBidi('x\u2066y\u2069', 'percent')).toBe('x%E2%81%A6y%E2%81%A9');
  });
});
