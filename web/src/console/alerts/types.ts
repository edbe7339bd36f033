/** The alert as the API returns it (src/alerts/alert.ts, with times as ms). */
export type AlertStatus = 'draft' | 'in_review' | 'published' | 'updated' | 'archived';

export type Alert = {
  id: number;
  slug: string | null;
  brand: { id: number; slug: string; nameJa: string; nameEn: string };
  campaignId: number | null;
  takedownCaseId: number | null;
  status: AlertStatus;
  titleJa: string;
  titleEn: string | null;
  summaryJa: string;
  summaryEn: string | null;
  adviceJa: string;
  adviceEn: string | null;
  subjects: string[];
  smsTexts: string[];
  fieldsAskedJa: string[];
  fieldsAskedEn: string[];
  maskedUrls: string[];
  authorId: number;
  reviewerId: number | null;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  lastPublishedAt: number | null;
  updates: { id: number; at: number; statusLineJa: string; statusLineEn: string | null; source: string }[];
  screenshots: { id: number; contentType: string; caption: string | null }[];
};

export type Delivery = {
  id: number;
  channel: 'mail' | 'webhook';
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
};

export const SITE_STATES = ['live', 'takedown_requested', 'escalated', 'down', 'monitoring'] as const;
