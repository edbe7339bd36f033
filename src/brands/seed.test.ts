import { describe, expect, it } from 'vitest';
import { SECTORS } from './brand.ts';
import { countLabels, readJpcertRows } from './jpcert-data.ts';
import { createLabelIndex, normalizeLabel } from './labels.ts';
import { BRAND_SEED, NON_BRAND_LABELS } from './seed.ts';
import { assertConsistentSeed, parseBrandTable } from './seed-table.ts';

describe('brand seed against the JPCERT/CC labels', () => {
  const { rows, dropped } = readJpcertRows();
  const labels = countLabels(rows);
  const index = createLabelIndex(BRAND_SEED);
  const nonBrand = new Set([...NON_BRAND_LABELS.keys()].map(normalizeLabel));

  it('reads every row', () => {
    expect(rows.length).toBe(169_195);
    expect(dropped).toBe(0);
    expect(labels.length).toBeGreaterThan(700);
  });

  it('resolves every label to a brand or lists it as non-brand, never both', () => {
    const unmapped = labels.filter(
      ([l]) => index.resolveLabel(l) === null && !nonBrand.has(normalizeLabel(l)),
    );
    expect(unmapped).toEqual([]);
    const both = labels.filter(([l]) => index.resolveLabel(l) !== null && nonBrand.has(normalizeLabel(l)));
    expect(both).toEqual([]);
    expect(index.conflicts).toEqual([]);
  });

  it('merges spellings and services of one brand', () => {
    expect(index.resolveLabel('Vpass')).toBe('smbc-card');
    expect(index.resolveLabel('三井住友カード')).toBe('smbc-card');
    expect(index.resolveLabel('NTT docomo')).toBe(index.resolveLabel('docomo'));
    expect(index.resolveLabel('ジャパンネット銀行')).toBe('paypay-bank');
    expect(index.resolveLabel('TS CUBIC CARD_MY TS3')).toBe(index.resolveLabel('MY TS3'));
    expect(index.resolveLabel('iCloud')).toBe('apple');
    expect(index.resolveLabel('楽天')).toBe(index.resolveLabel('Rakuten'));
    // …and keeps separately run companies apart.
    expect(index.resolveLabel('楽天カード')).not.toBe(index.resolveLabel('楽天'));
    expect(index.resolveLabel('イオン銀行')).not.toBe(index.resolveLabel('イオンカード'));
  });

  it('uses every brand and lists no stale non-brand label', () => {
    const used = new Set(labels.map(([l]) => index.resolveLabel(l)));
    expect(BRAND_SEED.filter((b) => !used.has(b.slug)).map((b) => b.slug)).toEqual([]);
    const present = new Set(labels.map(([l]) => normalizeLabel(l)));
    expect([...NON_BRAND_LABELS.keys()].filter((l) => !present.has(normalizeLabel(l)))).toEqual([]);
  });
});

describe('brand seed shape', () => {
  it('has valid sectors, lowercase domains and keywords', () => {
    for (const b of BRAND_SEED) {
      expect(SECTORS).toContain(b.sector);
      expect(b.aliases).toContain(b.nameJa);
      for (const d of b.officialDomains) expect(d).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
      for (const k of b.keywords) expect(k).toMatch(/^=?[a-z0-9.+-]+$/);
    }
  });

  it('rejects malformed tables and inconsistent seeds', () => {
    const ok = 'x | エックス | X | other | | x.example | xkeyword';
    expect(parseBrandTable(ok, 't')).toHaveLength(1);
    expect(() => parseBrandTable('x | a | b | nonsense | | |', 't')).toThrow(/unknown sector/);
    expect(() => parseBrandTable('X! | a | b | other | | |', 't')).toThrow(/bad slug/);
    expect(() => parseBrandTable('x | a | b | other | | Bad.Domain |', 't')).toThrow(/bad domain/);
    expect(() => parseBrandTable('x | a | b | other | | | UPPER', 't')).toThrow(/bad keyword/);
    expect(() => parseBrandTable('x | a | b | other', 't')).toThrow(/7 cells/);
    const two = parseBrandTable(`${ok}\ny | ワイ | Y | other | X | |`, 't');
    expect(() => assertConsistentSeed(two, [])).toThrow(/alias "X"/);
    expect(() => assertConsistentSeed(parseBrandTable(ok, 't'), ['エックス'])).toThrow(/non-brand/);
  });
});
