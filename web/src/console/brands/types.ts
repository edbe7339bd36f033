/** Shapes of /api/v1/brands (src/brands/brands.schema.ts). */
export type BrandRef = { id: number; slug: string; nameJa: string; nameEn: string };
export type Brand = BrandRef & {
  sector: string;
  status: 'active' | 'retired' | 'merged';
  mergedInto: BrandRef | null;
  aliases: string[];
  officialDomains: string[];
  keywords: string[];
};
export type Run = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  reason: string;
  createdAt: string;
  urls: { total: number; scanned: number; changed: number; keptCorrections: number };
  reports: { total: number; scanned: number; changed: number };
  progress: number;
  error: string | null;
};
export type Page<T> = { items: T[]; nextCursor: string | null };
export type ChangeResult = { brand: Brand; reattribution: Run };
export const SECTORS = [
  'ecommerce',
  'credit_card',
  'bank',
  'securities',
  'delivery',
  'telecom',
  'government',
  'utility',
  'transport',
  'entertainment',
  'crypto',
  'other',
  'payment',
  'it_service',
  'social',
  'education',
] as const;

/** Shapes of /api/v1/brands/emerging (src/brands/emerging.schema.ts). */
export type CandidateRun = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  windowFrom: string;
  windowTo: string;
  urlsScanned: number;
  reportsScanned: number;
  candidates: number;
  error: string | null;
};
export const TOKEN_KINDS = ['host', 'path', 'subject', 'sender', 'text'] as const;
export type Candidate = {
  rank: number;
  token: string;
  kinds: (typeof TOKEN_KINDS)[number][];
  urls: number;
  reports: number;
  sites: number;
  weeks: { weekStart: string; urls: number; reports: number }[];
  samples: { kind: (typeof TOKEN_KINDS)[number]; text: string }[];
  suggestion: {
    slug: string;
    nameJa: string;
    nameEn: string;
    sector: string;
    aliases: string[];
    keywords: string[];
  };
};
export type CandidatesPage = {
  latestRun: CandidateRun | null;
  run: CandidateRun | null;
  items: Candidate[];
  nextCursor: string | null;
};
