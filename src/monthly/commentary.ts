/**
 * The report's short generated commentary: templated sentences (ja/en) chosen from the figures. Every
 * number in them comes from the figures; nothing here is free text.
 */
import type { Lang, MessageKey } from '../../web/src/i18n/catalogue.ts';
import type { Translate } from '../../web/src/i18n/translate.ts';
import type { MonthlyFigures } from './figures.ts';
import { formatDuration, formatInt, formatMonth, formatShare, sectorName } from './format.ts';

type Figure = { value: number; previous: number; change: number; changeRatio: number | null };

function changeSentence(t: Translate, base: string, f: Figure, extra: Record<string, string> = {}): string {
  const direction = f.change > 0 ? 'up' : f.change < 0 ? 'down' : 'same';
  return t(`${base}.${direction}` as MessageKey, {
    ...extra,
    value: formatInt(f.value),
    change: formatInt(Math.abs(f.change)),
    ratio: f.changeRatio === null ? '—' : formatShare(Math.abs(f.changeRatio)),
  });
}

export function commentary(t: Translate, lang: Lang, figures: MonthlyFigures): string[] {
  const s = figures.stats;
  const h = s.headline;
  const out = [
    changeSentence(t, 'monthly.comment.reports', h.reports, { month: formatMonth(t, figures.month) }),
    changeSentence(t, 'monthly.comment.urls', h.uniqueUrls),
    changeSentence(t, 'monthly.comment.brands', h.brandsAbused),
  ];
  const top = s.brands.top[0];
  if (top) {
    out.push(
      t('monthly.comment.top_brand', {
        brand: lang === 'ja' ? top.nameJa || top.nameEn : top.nameEn || top.nameJa,
        share: formatShare(top.share),
      }),
    );
    const n = Math.min(5, s.brands.top.length);
    if (n > 1)
      out.push(t('monthly.comment.top_n', { n, share: formatShare(s.brands.top[n - 1]!.cumulativeShare) }));
  }
  if (s.brands.atLeast.brands > 0) {
    out.push(
      t('monthly.comment.many', {
        threshold: formatInt(s.brands.atLeast.threshold),
        brands: formatInt(s.brands.atLeast.brands),
        share: formatShare(s.brands.atLeast.share),
      }),
    );
  }
  const sector = s.sectors[0];
  if (sector)
    out.push(
      t('monthly.comment.sector', { sector: sectorName(t, sector.sector), share: formatShare(sector.share) }),
    );
  const tld = s.sites.tlds.top.find((x) => x.tld !== null);
  if (tld) out.push(t('monthly.comment.tld', { tld: tld.tld!, share: formatShare(tld.share) }));
  if (s.sms.reports > 0)
    out.push(t('monthly.comment.sms', { value: formatInt(s.sms.reports), share: formatShare(s.sms.share) }));
  const td = takedownFigures(s);
  if (td && td.opened > 0) {
    out.push(
      t('monthly.comment.takedowns', {
        opened: formatInt(td.opened),
        down: formatInt(td.takenDown),
        median: td.medianMs === null ? '—' : formatDuration(t, td.medianMs),
      }),
    );
  }
  return out;
}

/**
 * The takedown figures when the statistics carry them: snapshots frozen before the takedowns module
 * existed hold null there.
 */
export function takedownFigures(
  s: MonthlyFigures['stats'],
): NonNullable<MonthlyFigures['stats']['takedowns']> | null {
  const td = s.takedowns as MonthlyFigures['stats']['takedowns'] | null | undefined;
  return td && typeof td.opened === 'number' ? td : null;
}
