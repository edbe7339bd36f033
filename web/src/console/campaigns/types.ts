/** Shapes of the campaigns API (src/campaigns/README.md). Names, subjects, senders, texts: hostile text. */
import type { Brand, UrlSummary } from '../triage/types.ts';

export type CampaignStatus = 'open' | 'closed' | 'merged';

export type CampaignSummary = {
  id: number;
  name: string;
  status: CampaignStatus;
  brand: Brand | null;
  createdAt: string;
  firstSeen: string;
  lastSeen: string;
  createdBy: 'auto' | 'user';
  urlCount: number;
  mergedInto: number | null;
};

export type CampaignDetail = CampaignSummary & {
  urls: UrlSummary[];
  urlsTotal: number;
  samples: { subjects: string[]; senders: string[]; smsTexts: string[] };
  timeline: { day: string; urls: number }[];
  statusCounts: {
    live: number | null;
    down: number | null;
    unknown: number | null;
    byStatus: Record<string, number>;
  };
};
