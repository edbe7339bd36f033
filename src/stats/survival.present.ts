/**
 * The time-to-takedown table as people read it, one builder for the public page and the monthly report
 * (page, CSV, PDF), so they never disagree. Network and registrar names come from RDAP, which anyone who
 * registers a network or a registrar entry writes: they are shown as text only, defanged so that a name
 * such as "https://evil.example/login" is never a link in a page, a spreadsheet or a mail client.
 */
import type { Translate } from '../../web/src/i18n/translate.ts';
import { formatDuration } from '../monthly/format.ts';
import type { SurvivalFigures, SurvivalGroup, SurvivalQuantile } from './survival.schema.ts';

export type SurvivalCell = string | { int: number } | null;

/** Schemes become hxxp(s) and every dot before a letter or digit is bracketed: "a.example" → "a[.]example". */
export function defangName(name: string): string {
  return name
    .replace(/\bhttp(s?):\/\//gi, (_m, s: string) => `hxxp${s}://`)
    .replace(/\.(?=[\p{L}\p{N}])/gu, '[.]');
}

export function groupLabel(t: Translate, g: Pick<SurvivalGroup, 'dimension' | 'value'>): string {
  if (g.dimension === 'all' || g.value === null) return t('survival.all');
  if (g.dimension === 'tld') return g.value === 'ip' ? t('survival.tld.ip') : `.${defangName(g.value)}`;
  if (g.dimension === 'country') return g.value;
  return defangName(g.value);
}

export function formatQuantile(t: Translate, q: SurvivalQuantile): string {
  const d = (ms: number | null) => (ms === null ? t('survival.not_reached') : formatDuration(t, ms));
  if (q.ms === null && q.lowerMs === null) return t('survival.not_reached');
  return t('survival.ci', { value: d(q.ms), lower: d(q.lowerMs), upper: d(q.upperMs) });
}

export function survivalColumns(t: Translate): string[] {
  return [
    t('survival.col.dimension'),
    t('survival.col.group'),
    t('survival.col.cases'),
    t('survival.col.down'),
    t('survival.col.censored'),
    t('survival.col.median_request'),
    t('survival.col.p90_request'),
    t('survival.col.median_report'),
    t('survival.col.p90_report'),
  ];
}

export function survivalRows(t: Translate, f: SurvivalFigures): SurvivalCell[][] {
  return f.groups.map((g) => {
    const req = g.fromRequest;
    return [
      t(`survival.dimension.${g.dimension}`),
      groupLabel(t, g),
      { int: g.fromReport.cases },
      { int: g.fromReport.down },
      { int: g.fromReport.censored },
      req ? formatQuantile(t, req.median) : t('survival.too_few'),
      req ? formatQuantile(t, req.p90) : t('survival.too_few'),
      formatQuantile(t, g.fromReport.median),
      formatQuantile(t, g.fromReport.p90),
    ];
  });
}

/** The sentences under the table: totals, what is known, what is hidden. */
export function survivalNotes(t: Translate, f: SurvivalFigures): string[] {
  return [
    t('survival.total', { ...f.total }),
    t('survival.known', { ...f.known }),
    ...f.hidden.map((h) =>
      t('survival.hidden', {
        dimension: t(`survival.dimension.${h.dimension}`),
        groups: h.groups,
        cases: h.cases,
        min: f.minCases,
      }),
    ),
  ];
}
