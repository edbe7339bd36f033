import { z } from 'zod';
import { SECTORS } from './brand.ts';

/** Request and response shapes of the brand registry's routes (docs/API.md conventions). */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000]*$/, 'NUL characters are not allowed');

const list = (max: number, each: number) => z.array(text(each)).max(max);

export const brandRefSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
});

export const brandSchema = brandRefSchema.extend({
  sector: z.string(),
  status: z.enum(['active', 'retired', 'merged']),
  mergedInto: brandRefSchema.nullable(),
  aliases: z.array(z.string()),
  officialDomains: z.array(z.string()),
  keywords: z.array(z.string()),
});

export const brandDraftSchema = z
  .object({
    slug: text(64).min(1),
    nameJa: text(200).min(1),
    nameEn: text(200).min(1),
    sector: z.enum(SECTORS),
    aliases: list(200, 200).optional(),
    officialDomains: list(50, 253).optional(),
    keywords: list(50, 64).optional(),
  })
  .strict();

export const brandPatchSchema = brandDraftSchema.omit({ slug: true }).partial().strict();

export const mergeSchema = z
  .object({ into: z.number().int().positive(), reason: text(2000).min(1) })
  .strict();
export const retireSchema = z.object({ reason: text(2000).min(1) }).strict();

export const reattributionSchema = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  reason: z.string(),
  brands: z.array(brandRefSchema),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  urls: z.object({
    total: z.number(),
    scanned: z.number(),
    changed: z.number(),
    keptCorrections: z.number(),
  }),
  reports: z.object({ total: z.number(), scanned: z.number(), changed: z.number() }),
  /** 0..1 over URLs and reports together. */
  progress: z.number(),
  error: z.string().nullable(),
});

export const changeResultSchema = z.object({ brand: brandSchema, reattribution: reattributionSchema });

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const pageQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
