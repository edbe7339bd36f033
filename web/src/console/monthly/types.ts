/** Shapes of the monthly API as the console reads them (see src/monthly/monthly.routes.ts). */
export type MonthlyReportSummary = {
  month: string;
  status: 'draft' | 'published';
  summaryJa: string;
  summaryEn: string;
  publishedAt: string | null;
  updatedAt: string;
};

export type DashboardData = {
  filter: { brandId: number | null; sourceId: number | null };
  generatedAt: string;
  days: { date: string; reports: number; uniqueUrls: number }[];
  months: { month: string; reports: number; brandsAbused: number; uniqueUrls: number | null }[];
  topBrands: { brandId: number; slug: string; nameJa: string; nameEn: string; reports: number }[];
  unattributedReports: number;
  sources: { sourceId: number; name: string; kind: string; reports: number }[];
  options: {
    brands: { id: number; slug: string; nameJa: string; nameEn: string }[];
    sources: { id: number; name: string; kind: string }[];
  };
};
