/**
 * The shape of a period's statistics: one schema for the HTTP response, the CLI's --json and the types.
 * Shares are numbers in 0..1 next to the counts they come from; `share` always says what it is a share of.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

const rangeSchema = z.object({
  label: z.string(),
  /** ISO 8601 instants, `to` excluded. */
  from: z.string(),
  to: z.string(),
});

/** A figure with the previous period's value: change = value − previous; changeRatio = change / previous. */
const headlineFigure = z.object({
  value: count,
  previous: count,
  change: z.number().int(),
  changeRatio: z.number().nullable(),
});

export const statsSchema = z.object({
  period: rangeSchema.extend({ timezone: z.literal('Asia/Tokyo'), previous: rangeSchema }),
  headline: z.object({
    /** Reports whose reported_at falls in the period, whatever their status. */
    reports: headlineFigure,
    /** Distinct canonical URLs named by those reports. */
    uniqueUrls: headlineFigure,
    /** Distinct (scheme, registrable domain — or host when it has none, path with query). */
    uniqueUrlsMergedSubdomains: headlineFigure,
    /** Distinct brands the period's reports are attributed to. */
    brandsAbused: headlineFigure,
  }),
  brands: z.object({
    attributedReports: count,
    unattributedReports: count,
    /** Shares of all reports of the period; cumulativeShare adds up the brands ranked above and this one. */
    top: z.array(
      z.object({
        slug: z.string(),
        nameJa: z.string(),
        nameEn: z.string(),
        sector: z.string(),
        reports: count,
        share,
        cumulativeShare: share,
      }),
    ),
    atLeast: z.object({ threshold: count, brands: count, reports: count, share }),
  }),
  /** Per sector of the attributed brands: reports (share of all reports) and brands abused. */
  sectors: z.array(z.object({ sector: z.string(), reports: count, share, brands: count })),
  sites: z.object({
    uniqueUrls: count,
    /** TLD (last host label; null for IP hosts) by unique URLs; share of the period's unique URLs. */
    tlds: z.object({
      distinct: count,
      top: z.array(z.object({ tld: z.string().nullable(), urls: count, share })),
      other: z.object({ urls: count, share }),
    }),
    domains: z.object({
      distinct: count,
      /** Unique URLs whose host has no registrable domain (IP addresses). */
      withoutDomain: count,
      top: z.array(z.object({ domain: z.string(), urls: count, share })),
    }),
    /** URL tricks (features) by unique URLs; one URL can have several. */
    tricks: z.array(z.object({ feature: z.string(), urls: count, share })),
    /**
     * Hosting, where known: of the period's URLs that a liveness check resolved (`resolved`), the
     * country and network (RDAP `country` and network `name` of the address; no ASN, which RDAP IP
     * answers do not carry in general) of those with a cached RDAP answer (`known`). Shares over `known`.
     */
    hosting: z.object({
      resolved: count,
      known: count,
      countries: z.array(z.object({ value: z.string(), urls: count, share })),
      networks: z.array(z.object({ value: z.string(), urls: count, share })),
    }),
  }),
  sources: z.object({
    /** By the kind of source (jpcert, openphish, web, smtp…); share of all reports. */
    byKind: z.array(z.object({ kind: z.string(), reports: count, share })),
    /** By report kind (feed, url, email, sms, text). */
    byReportKind: z.array(z.object({ kind: z.string(), reports: count, share })),
  }),
  email: z.object({
    reports: count,
    share,
    /**
     * Of the e-mail reports with a brand and a known sender domain, those whose sender domain is one of
     * that brand's official domains (or a subdomain). share is null when there is none to judge.
     */
    realServiceSender: z.object({
      senderKnown: count,
      judged: count,
      realDomain: count,
      share: share.nullable(),
    }),
    /**
     * DMARC as the receiver of each reported message recorded it (its Authentication-Results): verdicts
     * over the `judged` e-mails that carry a DMARC result, and the sender domain's published policy
     * (p=) over the `withPolicy` ones whose verifier wrote it. Typed or inline-forwarded reports carry none.
     */
    dmarc: z.object({
      judged: count,
      verdicts: z.array(z.object({ value: z.string(), reports: count, share })),
      withPolicy: count,
      policies: z.array(z.object({ value: z.string(), reports: count, share })),
    }),
  }),
  sms: z.object({ reports: count, share }),
  /**
   * Takedown cases (src/takedowns): opened in the period, taken down in the period (down_at), and the
   * median time to takedown of those taken down — from the first takedown request (null when none was
   * requested) and from the URL's first report. The previous period's counts come with them.
   */
  takedowns: z.object({
    opened: count,
    takenDown: count,
    medianMs: z.number().nonnegative().nullable(),
    medianFromReportMs: z.number().nonnegative().nullable(),
    previous: z.object({ opened: count, takenDown: count, medianMs: z.number().nonnegative().nullable() }),
  }),
});

export type Stats = z.infer<typeof statsSchema>;
