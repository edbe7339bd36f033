/** A brand as pickers offer it; aliases when the registry was loaded (staff), else names only. */
export type BrandChoice = {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
  aliases?: readonly string[];
};

/** Folds what people type: full/half width (NFKC), case, katakana to hiragana, spaces and dots. */
export function fold(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s・.\-_/]+/g, '');
}

export function brandLabel(b: BrandChoice, lang: 'ja' | 'en'): string {
  const [first, second] = lang === 'ja' ? [b.nameJa, b.nameEn] : [b.nameEn, b.nameJa];
  if (!second || fold(first) === fold(second)) return first;
  return lang === 'ja' ? `${first}（${second}）` : `${first} (${second})`;
}

/**
 * Brands matching what was typed, best first: a name, alias or slug that starts with it before one that
 * only contains it; then by the name in the console's language (Japanese collation). Empty: every brand.
 */
export function searchBrands(
  brands: readonly BrandChoice[],
  query: string,
  lang: 'ja' | 'en',
): BrandChoice[] {
  const collator = new Intl.Collator(lang === 'ja' ? 'ja' : 'en');
  const name = (b: BrandChoice) => (lang === 'ja' ? b.nameJa : b.nameEn);
  const needle = fold(query);
  const ranked: { b: BrandChoice; rank: number }[] = [];
  for (const b of brands) {
    if (needle === '') {
      ranked.push({ b, rank: 0 });
      continue;
    }
    const terms = [b.nameJa, b.nameEn, b.slug, ...(b.aliases ?? [])].map(fold);
    if (terms.some((t) => t === needle)) ranked.push({ b, rank: 0 });
    else if (terms.some((t) => t.startsWith(needle))) ranked.push({ b, rank: 1 });
    else if (terms.some((t) => t.includes(needle))) ranked.push({ b, rank: 2 });
  }
  return ranked.sort((x, y) => x.rank - y.rank || collator.compare(name(x.b), name(y.b))).map((r) => r.b);
}
