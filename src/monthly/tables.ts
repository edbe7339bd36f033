/**
 * Every table of the monthly report, built once from the figures: the page renders them and the CSV
 * export writes them, so the two can never disagree.
 */
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import type { Translate } from '../../web/src/i18n/translate.ts';
import { survivalColumns, survivalNotes, survivalRows } from '../stats/survival.present.ts';
import { defang } from '../urls/defang.ts';
import { takedownFigures } from './commentary.ts';
import type { MonthlyFigures } from './figures.ts';
import { formatDuration, sectorName, trickName } from './format.ts';

export type Cell = string | { int: number } | { share: number } | null;
export type ReportTable = { name: TableName; title: string; columns: string[]; rows: Cell[][] };

export const TABLE_NAMES = [
  'headline',
  'trend',
  'brands',
  'sectors',
  'tlds',
  'domains',
  'tricks',
  'hosting',
  'sources',
  'email',
  'takedowns',
  'survival',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const int = (n: number): Cell => ({ int: n });
const share = (s: number): Cell => ({ share: s });

export function reportTables(t: Translate, lang: Lang, f: MonthlyFigures): ReportTable[] {
  const s = f.stats;
  const h = s.headline;
  const brandName = (b: { nameJa: string; nameEn: string; slug: string }) =>
    (lang === 'ja' ? b.nameJa || b.nameEn : b.nameEn || b.nameJa) || b.slug;
  const headlineRow = (label: string, x: typeof h.reports): Cell[] => [
    label,
    int(x.value),
    int(x.previous),
    int(x.change),
    x.changeRatio === null ? null : share(x.changeRatio),
  ];
  const td = takedownFigures(s);
  const na = t('monthly.not_available');
  // Figures frozen before hosting was collected hold null there.
  const hostingRows = (): Cell[][] => {
    const x = s.sites.hosting as typeof s.sites.hosting | null;
    if (!x || x.known === 0) return [[t('monthly.hosting.known'), na, null]];
    return [
      [t('monthly.hosting.known'), int(x.known), null],
      ...x.countries.map((c): Cell[] => [
        t('monthly.hosting.country', { value: c.value }),
        int(c.urls),
        share(c.share),
      ]),
      ...x.networks.map((n): Cell[] => [
        t('monthly.hosting.network', { value: n.value }),
        int(n.urls),
        share(n.share),
      ]),
    ];
  };
  // Figures frozen before the DMARC mix existed hold null there.
  const dmarcRows = (): Cell[][] => {
    const d = s.email.dmarc as typeof s.email.dmarc | null;
    if (!d || d.judged === 0) return [[t('monthly.email.dmarc'), na, null]];
    return [
      [t('monthly.email.dmarc'), int(d.judged), null],
      ...d.verdicts.map((v): Cell[] => [
        t('monthly.email.dmarc_verdict', { value: v.value }),
        int(v.reports),
        share(v.share),
      ]),
      ...d.policies.map((p): Cell[] => [
        t('monthly.email.dmarc_policy', { value: p.value }),
        int(p.reports),
        share(p.share),
      ]),
    ];
  };
  const tables: ReportTable[] = [
    {
      name: 'headline',
      title: t('monthly.headline'),
      columns: [
        t('monthly.col.figure'),
        t('monthly.col.value'),
        t('monthly.col.previous'),
        t('monthly.col.change'),
        t('monthly.col.change'),
      ],
      rows: [
        headlineRow(t('monthly.headline.reports'), h.reports),
        headlineRow(t('monthly.headline.unique_urls'), h.uniqueUrls),
        headlineRow(t('monthly.headline.unique_urls_merged'), h.uniqueUrlsMergedSubdomains),
        headlineRow(t('monthly.headline.brands'), h.brandsAbused),
      ],
    },
    {
      name: 'trend',
      title: t('monthly.table.trend'),
      columns: [
        t('monthly.col.month'),
        t('monthly.headline.reports'),
        t('monthly.headline.unique_urls'),
        t('monthly.headline.brands'),
      ],
      rows: f.trend.map((p) => [p.month, int(p.reports), int(p.uniqueUrls), int(p.brandsAbused)]),
    },
    {
      name: 'brands',
      title: t('monthly.table.brands'),
      columns: [
        t('monthly.col.rank'),
        t('monthly.col.brand'),
        t('monthly.col.sector'),
        t('monthly.col.reports'),
        t('monthly.col.share'),
        t('monthly.col.cumulative'),
      ],
      rows: s.brands.top.map((b, i) => [
        int(i + 1),
        brandName(b),
        sectorName(t, b.sector),
        int(b.reports),
        share(b.share),
        share(b.cumulativeShare),
      ]),
    },
    {
      name: 'sectors',
      title: t('monthly.table.sectors'),
      columns: [
        t('monthly.col.sector'),
        t('monthly.col.reports'),
        t('monthly.col.share'),
        t('monthly.col.brands'),
      ],
      rows: s.sectors.map((x) => [sectorName(t, x.sector), int(x.reports), share(x.share), int(x.brands)]),
    },
    {
      name: 'tlds',
      title: t('monthly.table.tlds'),
      columns: [t('monthly.col.tld'), t('monthly.col.urls'), t('monthly.col.share')],
      rows: [
        ...s.sites.tlds.top.map((x): Cell[] => [
          x.tld === null ? t('monthly.tld.ip') : `.${x.tld}`,
          int(x.urls),
          share(x.share),
        ]),
        ...(s.sites.tlds.other.urls > 0
          ? [[t('monthly.tld.other'), int(s.sites.tlds.other.urls), share(s.sites.tlds.other.share)]]
          : []),
      ],
    },
    {
      name: 'domains',
      title: t('monthly.table.domains'),
      columns: [t('monthly.col.domain'), t('monthly.col.urls'), t('monthly.col.share')],
      // Phishing domains shown to the public are defanged, never links.
      rows: s.sites.domains.top.map((d) => [defang(d.domain), int(d.urls), share(d.share)]),
    },
    {
      name: 'tricks',
      title: t('monthly.table.tricks'),
      columns: [t('monthly.col.trick'), t('monthly.col.urls'), t('monthly.col.share')],
      rows: s.sites.tricks.map((x) => [trickName(t, x.feature), int(x.urls), share(x.share)]),
    },
    {
      name: 'hosting',
      title: t('monthly.table.hosting'),
      columns: [t('monthly.col.item'), t('monthly.col.urls'), t('monthly.col.share')],
      rows: hostingRows(),
    },
    {
      name: 'sources',
      title: t('monthly.table.sources'),
      columns: [t('monthly.col.source'), t('monthly.col.reports'), t('monthly.col.share')],
      rows: s.sources.byKind.map((x) => [x.kind, int(x.reports), share(x.share)]),
    },
    {
      name: 'email',
      title: t('monthly.table.email'),
      columns: [t('monthly.col.item'), t('monthly.col.value'), t('monthly.col.share')],
      rows: [
        [t('monthly.email.reports'), int(s.email.reports), share(s.email.share)],
        [
          t('monthly.email.real_sender'),
          int(s.email.realServiceSender.realDomain),
          s.email.realServiceSender.share === null ? null : share(s.email.realServiceSender.share),
        ],
        ...dmarcRows(),
        [t('monthly.sms.reports'), int(s.sms.reports), share(s.sms.share)],
      ],
    },
    {
      name: 'takedowns',
      title: t('monthly.table.takedowns'),
      columns: [t('monthly.col.item'), t('monthly.col.value')],
      rows: td
        ? [
            [t('monthly.takedowns.opened'), int(td.opened)],
            [t('monthly.takedowns.down'), int(td.takenDown)],
            [t('monthly.takedowns.median'), td.medianMs === null ? null : formatDuration(t, td.medianMs)],
            [
              t('monthly.takedowns.median_report'),
              td.medianFromReportMs === null ? null : formatDuration(t, td.medianFromReportMs),
            ],
          ]
        : [[t('monthly.table.takedowns'), na]],
    },
    survivalTable(t, f),
  ];
  return tables;
}

/**
 * "Who takes phishing down": time to takedown of the month's cases over public URLs (Kaplan–Meier, sites
 * still live censored when the figures were computed), groups under the minimum case count left out and
 * said so in the rows under the table. Snapshots frozen before it existed say "not available".
 */
function survivalTable(t: Translate, f: MonthlyFigures): ReportTable {
  const columns = survivalColumns(t);
  const x = f.survival ?? null;
  const note = (text: string): Cell[] => [text, ...columns.slice(1).map(() => null)];
  const rows: Cell[][] =
    x === null
      ? [note(t('monthly.not_available'))]
      : [
          ...(x.groups.length === 0 ? [note(t('survival.none', { min: x.minCases }))] : []),
          ...survivalRows(t, x),
          ...survivalNotes(t, x).map(note),
        ];
  return { name: 'survival', title: t('survival.monthly.title'), columns, rows };
}
