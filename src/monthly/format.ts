import type { MessageKey } from '../../web/src/i18n/catalogue.ts';
import type { Translate } from '../../web/src/i18n/translate.ts';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 12345 → "12,345" in both languages (the Council's reports group digits the same way). */
export const formatInt = (n: number): string => INT.format(n);

/** 0.2234 → "22.3%". */
export const formatShare = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** '2026-05' → "2026年5月" / "May 2026". */
export function formatMonth(t: Translate, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return t('monthly.month', { year: y, month: m, monthName: MONTH_NAMES[m - 1]! });
}

/** '2026-05' → "26/05" style short label for chart axes. */
export const shortMonth = (month: string): string => `${month.slice(2, 4)}/${month.slice(5, 7)}`;

export function sectorName(t: Translate, sector: string): string {
  const key = `monthly.sector.${sector}` as MessageKey;
  const text = t(key);
  return text === key ? sector : text;
}

export function trickName(t: Translate, trick: string): string {
  const key = `monthly.trick.${trick}` as MessageKey;
  const text = t(key);
  return text === key ? trick : text;
}

/** A duration in ms as hours below two days, else days (one decimal). */
export function formatDuration(t: Translate, ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48
    ? t('monthly.hours', { n: hours.toFixed(1) })
    : t('monthly.days', { n: (hours / 24).toFixed(1) });
}
