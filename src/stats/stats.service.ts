/**
 * The monthly report's statistics for any month or range of days (JST; see period.ts).
 *
 * Definitions:
 * - reports: every report whose reported_at is in the period, whatever its status (a feed row whose URL
 *   could not be read still counts as a report, not as a URL). A report's brand is `reports.brand_id`
 *   (the source's label, or the brand the report's analysis found); unattributed reports count in the
 *   totals and in no brand or sector.
 * - unique URLs: distinct canonical URLs (urls.id) named by the period's reports.
 * - unique URLs merged by subdomain: URLs are the same when they have the same scheme, the same path
 *   with query, and the same registrable domain (PSL with private suffixes, so `a.workers.dev` and
 *   `b.workers.dev` stay apart); a host without registrable domain (an IP address) stands for itself.
 *   `https://a.evil.com/x` and `https://b.evil.com/x` merge; `http://evil.com/x` does not merge with them.
 * - site figures (TLDs, domains, tricks) count unique URLs of the period.
 * - previous period: the calendar month before (for a month) or the same number of days before.
 */
import type { RawBuilder } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Clock } from '../lib/clock.ts';
import { publicSourceKind } from '../sharing/disclosure.ts';
import { extractSender, isOfficialSender, SENDER_EXTRACTOR } from './email-sender.ts';
import { type Period, type PeriodRequest, type Range, resolvePeriod, STATS_TIMEZONE } from './period.ts';
import { type ReportGroup, type StatsRepository, URL_TRICKS } from './stats.repository.ts';
import type { Stats } from './stats.schema.ts';

export const DEFAULT_TOP = 20;
export const MAX_TOP = 200;
/** The Council counts the brands that drew at least this many reports in the month. */
export const MANY_REPORTS_THRESHOLD = 1000;
const EMAIL_BATCH = 500;

type Brand = { id: number; slug: string; nameJa: string; nameEn: string; sector: string; official: string[] };

const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);
const iso = (ms: number) => new Date(ms).toISOString();

function figure(value: number, previous: number) {
  return {
    value,
    previous,
    change: value - previous,
    changeRatio: previous > 0 ? (value - previous) / previous : null,
  };
}

function sumBy<T>(items: T[], key: (t: T) => string | number | null, value: (t: T) => number) {
  const out = new Map<string | number | null, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + value(item));
  return out;
}

/** Counts sorted by count descending, then key, as [key, count] pairs. */
function ranked<K extends string | number>(counts: Map<K, number>): [K, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function createStatsService(deps: { repo: StatsRepository; clock: Clock }) {
  const { repo } = deps;

  /** Extracts (once, stored) the sender domain of the range's e-mail reports not seen before. */
  async function ensureEmailSenders(range: Range): Promise<void> {
    const ids = await repo.pendingEmailIds(range, SENDER_EXTRACTOR);
    for (const part of chunks(ids, EMAIL_BATCH)) {
      const rows = [];
      for (const p of await repo.loadEmails(part)) {
        rows.push({ reportId: p.reportId, ...(await extractSender(p)) });
      }
      await repo.saveEmailSenders(rows, SENDER_EXTRACTOR, deps.clock.now());
    }
  }

  async function loadBrands(): Promise<Map<number, Brand>> {
    const rows = await repo.brands();
    return new Map(
      rows.map((b) => [
        b.id,
        {
          id: b.id,
          slug: b.slug,
          nameJa: b.name_ja,
          nameEn: b.name_en,
          sector: b.sector,
          official: JSON.parse(b.official_domains) as string[],
        },
      ]),
    );
  }

  function brandFigures(
    groups: ReportGroup[],
    brands: Map<number, Brand>,
    total: number,
    opts: { top: number; threshold: number },
  ) {
    const byBrand = sumBy(
      groups.filter((g) => g.brandId !== null),
      (g) => g.brandId,
      (g) => g.reports,
    ) as Map<number, number>;
    const attributed = [...byBrand.values()].reduce((a, b) => a + b, 0);
    let cumulative = 0;
    const list = ranked(byBrand).map(([id, reports]) => {
      const b = brands.get(id);
      cumulative += reports;
      return {
        slug: b?.slug ?? `#${id}`,
        nameJa: b?.nameJa ?? '',
        nameEn: b?.nameEn ?? '',
        sector: b?.sector ?? 'other',
        reports,
        share: share(reports, total),
        cumulativeShare: share(cumulative, total),
      };
    });
    const many = list.filter((b) => b.reports >= opts.threshold);
    const manyReports = many.reduce((a, b) => a + b.reports, 0);
    const sectors = new Map<string, { reports: number; brands: number }>();
    for (const b of list) {
      const s = sectors.get(b.sector) ?? { reports: 0, brands: 0 };
      s.reports += b.reports;
      s.brands += 1;
      sectors.set(b.sector, s);
    }
    return {
      abused: byBrand.size,
      brands: {
        attributedReports: attributed,
        unattributedReports: total - attributed,
        top: list.slice(0, opts.top),
        atLeast: {
          threshold: opts.threshold,
          brands: many.length,
          reports: manyReports,
          share: share(manyReports, total),
        },
      },
      sectors: [...sectors]
        .sort((a, b) => b[1].reports - a[1].reports || a[0].localeCompare(b[0]))
        .map(([sector, s]) => ({
          sector,
          reports: s.reports,
          share: share(s.reports, total),
          brands: s.brands,
        })),
    };
  }

  async function emailFigures(range: Range, brands: Map<number, Brand>, emailReports: number) {
    let groups = await repo.emailSenderGroups(range, SENDER_EXTRACTOR);
    // Fewer extracted senders than e-mail reports: some were never looked at (or by an older rule);
    // extract them (once) first.
    if (groups.reduce((a, g) => a + g.reports, 0) < emailReports) {
      await ensureEmailSenders(range);
      groups = await repo.emailSenderGroups(range, SENDER_EXTRACTOR);
    }
    let senderKnown = 0;
    let judged = 0;
    let realDomain = 0;
    for (const g of groups) {
      if (g.fromDomain === null) continue;
      senderKnown += g.reports;
      const brand = g.brandId === null ? undefined : brands.get(g.brandId);
      if (!brand) continue;
      judged += g.reports;
      if (isOfficialSender(g.fromDomain, brand.official)) realDomain += g.reports;
    }
    return {
      realServiceSender: { senderKnown, judged, realDomain, share: judged > 0 ? realDomain / judged : null },
      dmarc: dmarcMix(groups),
    };
  }

  /** Verdicts over the e-mails whose receiver recorded a DMARC result; policies over those naming one. */
  function dmarcMix(groups: { dmarc: string | null; dmarcPolicy: string | null; reports: number }[]) {
    const verdicts = new Map<string, number>();
    const policies = new Map<string, number>();
    let judged = 0;
    let withPolicy = 0;
    for (const g of groups) {
      if (g.dmarc === null) continue;
      judged += g.reports;
      verdicts.set(g.dmarc, (verdicts.get(g.dmarc) ?? 0) + g.reports);
      if (g.dmarcPolicy === null) continue;
      withPolicy += g.reports;
      policies.set(g.dmarcPolicy, (policies.get(g.dmarcPolicy) ?? 0) + g.reports);
    }
    const list = (m: Map<string, number>, of: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, reports]) => ({ value, reports, share: share(reports, of) }));
    return { judged, verdicts: list(verdicts, judged), withPolicy, policies: list(policies, withPolicy) };
  }

  /** Hosting countries and networks of the period's resolved URLs, from the cached RDAP answers. */
  async function hostingFigures(range: Range, top: number): Promise<Stats['sites']['hosting']> {
    const rows = await repo.hostingOfRange(range);
    const countries = new Map<string, number>();
    const networks = new Map<string, number>();
    let known = 0;
    for (const r of rows) {
      if (!r.rdap) continue;
      let answer: { country?: unknown; name?: unknown } = {};
      try {
        answer = JSON.parse(r.rdap) as typeof answer;
      } catch {
        continue; // a cache row that is not JSON tells nothing
      }
      const country = typeof answer.country === 'string' ? answer.country.toUpperCase() : null;
      const network = typeof answer.name === 'string' ? answer.name : null;
      if (!country && !network) continue;
      known++;
      if (country) countries.set(country, (countries.get(country) ?? 0) + 1);
      if (network) networks.set(network, (networks.get(network) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, top)
        .map(([value, urls]) => ({ value, urls, share: share(urls, known) }));
    return { resolved: rows.length, known, countries: list(countries), networks: list(networks) };
  }

  /** Takedown figures of a period and the one before (the only coupling to the takedowns module). */
  async function takedownFigures(period: Period): Promise<Stats['takedowns']> {
    const [current, previous] = await Promise.all([
      repo.takedownCases(period),
      repo.takedownCases(period.previous),
    ]);
    const fromRequest = (c: typeof current) =>
      median(c.down.filter((d) => d.requestedAt !== null).map((d) => Math.max(0, d.downAt - d.requestedAt!)));
    return {
      opened: current.opened,
      takenDown: current.down.length,
      medianMs: fromRequest(current),
      medianFromReportMs: median(current.down.map((d) => Math.max(0, d.downAt - d.firstReportedAt))),
      previous: { opened: previous.opened, takenDown: previous.down.length, medianMs: fromRequest(previous) },
    };
  }

  return {
    /**
     * `top` bounds the brand, TLD and domain lists (default 20); `threshold` is the report count from which
     * a brand counts among the most abused (default 1,000, the Council's).
     */
    async computeMonth(
      request: PeriodRequest,
      options: {
        top?: number;
        threshold?: number;
        /**
         * Figures for publication: the condition on `urls as u` of what the public may see
         * (src/sharing/disclosure.ts). Named lists (top domains) then come from those URLs only, and
         * sources are shown by public category, never by an internal feed's kind.
         */
        publicUrls?: RawBuilder<boolean>;
      } = {},
    ): Promise<Stats> {
      const named = options.publicUrls ?? null;
      const period: Period = resolvePeriod(request);
      const top = Math.min(Math.max(1, Math.trunc(options.top ?? DEFAULT_TOP)), MAX_TOP);
      const groups = (r: Range) =>
        r.monthKey === null ? repo.reportGroups(r) : repo.monthReportGroups(r.monthKey);
      const [current, previous, urls, brands, sources, takedowns, hosting] = await Promise.all([
        groups(period),
        groups(period.previous),
        period.monthKey !== null && period.previous.monthKey !== null
          ? repo.monthUrlFigures(period.monthKey, period.previous.monthKey, top, named)
          : repo.rangeUrlFigures(period, period.previous, top, named),
        loadBrands(),
        repo.sources(),
        takedownFigures(period),
        hostingFigures(period, top),
      ]);
      const email = await emailFigures(
        period,
        brands,
        current.filter((g) => g.kind === 'email').reduce((a, g) => a + g.reports, 0),
      );

      const total = current.reduce((a, g) => a + g.reports, 0);
      const previousTotal = previous.reduce((a, g) => a + g.reports, 0);
      const b = brandFigures(current, brands, total, {
        top,
        threshold: options.threshold ?? MANY_REPORTS_THRESHOLD,
      });
      const previousAbused = new Set(previous.filter((g) => g.brandId !== null).map((g) => g.brandId)).size;
      const sourceKind = new Map(sources.map((s) => [s.id, named ? publicSourceKind(s.kind) : s.kind]));
      const byKind = (key: (g: ReportGroup) => string) =>
        ranked(sumBy(current, key, (g) => g.reports) as Map<string, number>).map(([kind, reports]) => ({
          kind,
          reports,
          share: share(reports, total),
        }));
      const reportKinds = sumBy(
        current,
        (g) => g.kind,
        (g) => g.reports,
      );
      const emailReports = reportKinds.get('email') ?? 0;
      const smsReports = reportKinds.get('sms') ?? 0;
      const uniqueUrls = urls.unique.current;
      const topTldUrls = urls.tlds.reduce((a, t) => a + t.urls, 0);

      return {
        period: {
          label: period.label,
          from: iso(period.from),
          to: iso(period.to),
          timezone: STATS_TIMEZONE,
          previous: {
            label: period.previous.label,
            from: iso(period.previous.from),
            to: iso(period.previous.to),
          },
        },
        headline: {
          reports: figure(total, previousTotal),
          uniqueUrls: figure(uniqueUrls, urls.unique.previous),
          uniqueUrlsMergedSubdomains: figure(urls.merged.current, urls.merged.previous),
          brandsAbused: figure(b.abused, previousAbused),
        },
        brands: b.brands,
        sectors: b.sectors,
        sites: {
          uniqueUrls,
          tlds: {
            distinct: urls.distinctTlds,
            top: urls.tlds.map((t) => ({ ...t, share: share(t.urls, uniqueUrls) })),
            other: { urls: uniqueUrls - topTldUrls, share: share(uniqueUrls - topTldUrls, uniqueUrls) },
          },
          domains: {
            distinct: urls.distinctDomains,
            withoutDomain: urls.withoutDomain,
            top: urls.domains.map((d) => ({ ...d, share: share(d.urls, uniqueUrls) })),
          },
          tricks: URL_TRICKS.map((feature) => ({
            feature,
            urls: urls.tricks[feature],
            share: share(urls.tricks[feature], uniqueUrls),
          })),
          hosting,
        },
        sources: {
          byKind: byKind((g) => sourceKind.get(g.sourceId) ?? 'unknown'),
          byReportKind: byKind((g) => g.kind),
        },
        email: {
          reports: emailReports,
          share: share(emailReports, total),
          realServiceSender: email.realServiceSender,
          dmarc: email.dmarc,
        },
        sms: { reports: smsReports, share: share(smsReports, total) },
        takedowns,
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
