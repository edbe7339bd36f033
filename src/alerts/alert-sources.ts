import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import type { FormField } from '../capture/browser-capture.ts';
import type { CaptureService } from '../capture/capture.service.ts';
import type { TakedownsService } from '../takedowns/takedowns.service.ts';
import type { SiteState } from './alert.ts';

/**
 * The alerts module's only coupling to campaigns, takedown cases and captures: small functions that read
 * those modules' exports (ctx.campaigns, ctx.capture, ctx.takedowns) and hand back plain data. Everything else
 * in src/alerts knows nothing of them.
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

const MAX_URLS = 20;
const MAX_SCREENSHOTS = 2;

/** What a form field is called on the fake page: its label, else its placeholder, else its name. */
export function fieldLabel(f: FormField): string | null {
  if (f.type === 'hidden' || f.type === 'submit' || f.type === 'button') return null;
  const text = (f.label ?? f.placeholder ?? f.name ?? '').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 100) : null;
}

export function createAlertSources(deps: {
  campaigns: Pick<CampaignsService, 'get'>;
  captures: Pick<CaptureService, 'ofUrl' | 'evidence'>;
  takedowns: Pick<TakedownsService, 'caseStatus' | 'list'>;
}): AlertSources {
  /** The most recently updated case still pursued (or down) among the campaign's URLs. */
  async function latestCase(urlIds: number[]) {
    let best: { id: number; openedAt: number } | null = null;
    for (const urlId of urlIds) {
      for (const c of await deps.takedowns.list({ urlId, limit: 5 })) {
        if (c.state === 'closed') continue;
        if (!best || c.openedAt > best.openedAt) best = { id: c.id, openedAt: c.openedAt };
      }
    }
    return best;
  }

  return {
    async campaignDraft(campaignId) {
      const c = await deps.campaigns.get(campaignId, null);
      // An alert is about a brand: a campaign without one cannot make a draft.
      if (!c?.brand) return null;
      const urls = c.urls.slice(0, MAX_URLS);
      const fields = new Set<string>();
      const screenshots: CampaignDraftSource['screenshots'] = [];
      for (const u of urls) {
        for (const cap of (await deps.captures.ofUrl(u.id)).slice(0, 5)) {
          if (cap.status !== 'ok') continue;
          for (const f of cap.formFields) {
            const label = fieldLabel(f);
            if (label) fields.add(label);
          }
          if (screenshots.length < MAX_SCREENSHOTS && cap.screenshot_sha256) {
            const file = await deps.captures.evidence.read(cap.screenshot_sha256);
            if (file)
              screenshots.push({ data: new Uint8Array(file.bytes), captureId: cap.id, caption: null });
          }
        }
      }
      const kase = await latestCase(urls.map((u) => u.id));
      return {
        brandId: c.brand.id,
        takedownCaseId: kase?.id ?? null,
        subjects: c.samples.subjects,
        smsTexts: c.samples.smsTexts,
        urls: urls.map((u) => u.canonical),
        fieldsAsked: [...fields],
        screenshots,
      };
    },

    caseStatus: (caseId) => deps.takedowns.caseStatus(caseId),
  };
}
