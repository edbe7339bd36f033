/** Shapes of /api/v1/brands and /api/v1/brands/emerging: the types of the schemas the routes declare. */
import type { z } from 'zod';
import type {
  brandRefSchema,
  brandSchema,
  changeResultSchema,
  reattributionSchema,
} from '../../../../src/brands/brands.schema.ts';
import type {
  candidateRunSchema,
  candidateSchema,
  candidatesPageSchema,
} from '../../../../src/brands/emerging.schema.ts';

export { SECTORS } from '../../../../src/brands/brand.ts';

export type BrandRef = z.infer<typeof brandRefSchema>;
export type Brand = z.infer<typeof brandSchema>;
export type Run = z.infer<typeof reattributionSchema>;
export type ChangeResult = z.infer<typeof changeResultSchema>;
export type Page<T> = { items: T[]; nextCursor: string | null };
export type CandidateRun = z.infer<typeof candidateRunSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type CandidatesPage = z.infer<typeof candidatesPageSchema>;
