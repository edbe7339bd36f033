import { z } from 'zod';

const count = z.number().int();
const brandRef = z.object({ id: z.number().int(), slug: z.string(), nameJa: z.string(), nameEn: z.string() });

/** GET /api/v1/dashboard: what dashboard.service.ts builds. */
export const dashboardSchema = z.object({
  filter: z.object({ brandId: z.number().int().nullable(), sourceId: z.number().int().nullable() }),
  generatedAt: z.string(),
  days: z.array(z.object({ date: z.string(), reports: count, uniqueUrls: count })),
  months: z.array(
    z.object({ month: z.string(), reports: count, brandsAbused: count, uniqueUrls: count.nullable() }),
  ),
  topBrands: z.array(
    z.object({
      brandId: z.number().int(),
      slug: z.string(),
      nameJa: z.string(),
      nameEn: z.string(),
      reports: count,
    }),
  ),
  unattributedReports: count,
  sources: z.array(
    z.object({ sourceId: z.number().int(), name: z.string(), kind: z.string(), reports: count }),
  ),
  options: z.object({
    brands: z.array(brandRef),
    sources: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() })),
  }),
});
