import { z } from 'zod';
import { SECTORS } from './brand.ts';
import { TOKEN_KINDS } from './emerging-tokens.ts';

/** Shapes of the emerging-brand routes (docs/API.md conventions: ISO times, cursor pages). */
export const candidateRunSchema = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The weeks counted: from a Monday 00:00 JST to the run's request. */
  windowFrom: z.string(),
  windowTo: z.string(),
  urlsScanned: z.number().int(),
  reportsScanned: z.number().int(),
  candidates: z.number().int(),
  error: z.string().nullable(),
});

export const candidateSchema = z.object({
  rank: z.number().int(),
  token: z.string(),
  /** Where the token was seen: host labels, path words, subjects, sender addresses, SMS/text. */
  kinds: z.array(z.enum(TOKEN_KINDS)),
  urls: z.number().int(),
  reports: z.number().int(),
  /** Distinct registrable domains (URLs) or sender domains (reports), counted up to 3. */
  sites: z.number().int(),
  weeks: z.array(z.object({ weekStart: z.string(), urls: z.number().int(), reports: z.number().int() })),
  /** Defanged URLs or report subjects/texts: attacker-written text, shown as text only. */
  samples: z.array(z.object({ kind: z.enum(TOKEN_KINDS), text: z.string() })),
  /** A draft for POST /api/v1/brands (the console prefills its create form with it). */
  suggestion: z.object({
    slug: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    sector: z.enum(SECTORS),
    aliases: z.array(z.string()),
    keywords: z.array(z.string()),
  }),
});

export const candidatesPageSchema = z.object({
  /** The newest run (it may still be queued or running); null before the first refresh. */
  latestRun: candidateRunSchema.nullable(),
  /** The run the items come from: the newest finished one. */
  run: candidateRunSchema.nullable(),
  items: z.array(candidateSchema),
  nextCursor: z.string().nullable(),
});
