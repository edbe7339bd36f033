import { describe, expect, it } from 'vitest';
import { createLabelIndex, normalizeLabel } from './labels.ts';

describe('normalizeLabel', () => {
  it('folds width, case and white space', () => {
    expect(normalizeLabel('ＡＭＡＺＯＮ')).toBe('amazon');
    expect(normalizeLabel('  Apple   ID ')).toBe('apple id');
    expect(normalizeLabel('ｱﾏｿﾞﾝ')).toBe('アマゾン');
    expect(normalizeLabel('SMBC\u3000ファイナンスサービス')).toBe('smbc ファイナンスサービス');
  });
});

describe('createLabelIndex', () => {
  const brands = [
    { slug: 'amazon', nameJa: 'アマゾン', nameEn: 'Amazon', aliases: ['Amazon.co.jp'] },
    { slug: 'smbc-card', nameJa: '三井住友カード', nameEn: 'Sumitomo Mitsui Card', aliases: ['Vpass'] },
  ];

  it('resolves names and aliases under any spelling', () => {
    const index = createLabelIndex(brands);
    expect(index.resolveLabel('amazon')).toBe('amazon');
    expect(index.resolveLabel('ＡＭＡＺＯＮ')).toBe('amazon');
    expect(index.resolveLabel('アマゾン')).toBe('amazon');
    expect(index.resolveLabel('amazon.co.jp')).toBe('amazon');
    expect(index.resolveLabel('VPASS')).toBe('smbc-card');
    expect(index.resolveLabel('三井住友カード')).toBe('smbc-card');
  });

  it('returns null for unknown labels', () => {
    expect(createLabelIndex(brands).resolveLabel('Rakuten')).toBeNull();
    expect(createLabelIndex(brands).resolveLabel('')).toBeNull();
  });

  it('refuses to guess when two brands claim a spelling', () => {
    const index = createLabelIndex([
      ...brands,
      { slug: 'other', nameJa: 'X', nameEn: 'X', aliases: ['vpass'] },
    ]);
    expect(index.resolveLabel('Vpass')).toBeNull();
    expect(index.conflicts).toEqual(['vpass']);
    expect(index.resolveLabel('Amazon')).toBe('amazon');
  });
});
