import type { z } from 'zod';
import { assertKeyword } from './brand-validation.ts';
import type { Candidate, CandidateRun } from './emerging.repository.ts';
import type { candidateRunSchema, candidateSchema } from './emerging.schema.ts';

const WEEK_MS = 7 * 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentCandidateRun(r: CandidateRun): z.infer<typeof candidateRunSchema> {
  return {
    id: r.id,
    status: r.status,
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    windowFrom: iso(r.windowFrom)!,
    windowTo: iso(r.windowTo)!,
    urlsScanned: r.urlsScanned,
    reportsScanned: r.reportsScanned,
    candidates: r.candidates,
    error: r.error,
  };
}

/** What the registry's create form is prefilled with: an ASCII token becomes slug, English name and keyword. */
export function suggestBrand(token: string): z.infer<typeof candidateSchema>['suggestion'] {
  const ascii = /^[a-z0-9]+$/.test(token);
  let keywordOk = ascii;
  try {
    if (ascii) assertKeyword(token);
  } catch {
    keywordOk = false;
  }
  return {
    slug: ascii ? token : '',
    nameJa: ascii ? '' : token,
    nameEn: ascii ? token.charAt(0).toUpperCase() + token.slice(1) : '',
    sector: 'other',
    aliases: ascii ? [] : [token],
    keywords: keywordOk ? [token] : [],
  };
}

export function presentCandidate(c: Candidate, run: CandidateRun): z.infer<typeof candidateSchema> {
  return {
    rank: c.rank,
    token: c.token,
    kinds: c.kinds,
    urls: c.urls,
    reports: c.reports,
    sites: c.sites,
    weeks: c.weeks.map(([urls, reports], i) => ({
      weekStart: new Date(run.windowFrom + i * WEEK_MS).toISOString(),
      urls,
      reports,
    })),
    samples: c.samples,
    suggestion: suggestBrand(c.token),
  };
}
