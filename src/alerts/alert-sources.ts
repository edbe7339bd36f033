import type { SiteState } from './alert.ts';

/**
 * The alerts module's only coupling to campaigns, takedown cases and captures: small functions that read
 * those modules' exports and hand back plain data. Everything else in src/alerts knows nothing of them.
 */
export type CampaignDraftSource = {
  brandId: number;
  takedownCaseId: number | null;
  subjects: string[];
  smsTexts: string[];
  /** Live URLs: masked by the alerts service before anything is stored. */
  urls: string[];
  /** Labels of the form fields the fake site asks for (from captures). */
  fieldsAsked: string[];
  screenshots: { data: Uint8Array; captureId: number | null; caption: string | null }[];
};

export type CaseStatus = {
  /** The case's own state name; a new line is written when it changes. */
  caseState: string;
  siteState: SiteState;
  /** When the case reached that state (the line's time stamp). */
  at: number;
};

export type AlertSources = {
  campaignDraft(campaignId: number): Promise<CampaignDraftSource | null>;
  caseStatus(caseId: number): Promise<CaseStatus | null>;
};

export function createAlertSources(_deps: Record<string, never> = {}): AlertSources {
  return {
    async campaignDraft() {
      return null;
    },
    async caseStatus() {
      return null;
    },
  };
}
