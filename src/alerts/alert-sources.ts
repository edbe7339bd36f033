import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import type { FormField } from '../capture/browser-capture.ts';
import { createCaptureRepository } from '../capture/capture.repository.ts';
import type { EvidenceStore } from '../capture/evidence-store.ts';
import type { Db } from '../storage/database.ts';
import type { SiteState } from './alert.ts';

/**
 * The alerts module's only coupling to campaigns, takedown cases and captures: small functions that read
 * those modules' exports (and, for takedown cases, their table) and hand back plain data. Everything else
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

/** Takedown case state (src/takedowns/takedowns.states.ts) → what the alert's status line says. */
export function siteStateOfCase(state: string): SiteState | null {
  switch (state) {
    case 'open':
      return 'live';
    case 'requested':
    case 'acknowledged':
      return 'takedown_requested';
    case 'escalated':
      return 'escalated';
    case 'down':
      return 'down';
    default:
      // closed (not actionable) says nothing the public can use
      return null;
  }
}

/** What a form field is called on the fake page: its label, else its placeholder, else its name. */
export function fieldLabel(f: FormField): string | null {
  if (f.type === 'hidden' || f.type === 'submit' || f.type === 'button') return null;
  const text = (f.label ?? f.placeholder ?? f.name ?? '').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 100) : null;
}

export function createAlertSources(deps: {
  db: Db;
  campaigns: Pick<CampaignsService, 'get'>;
  evidence: Pick<EvidenceStore, 'read'>;
}): AlertSources {
  const captures = createCaptureRepository(deps.db);
  const k = deps.db.kysely;

  async function latestCase(urlIds: number[]) {
    if (urlIds.length === 0) return null;
    return (
      (await k
        .selectFrom('takedown_cases')
        .select(['id'])
        .where('url_id', 'in', urlIds)
        .where('state', '!=', 'closed')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()) ?? null
    );
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
        for (const cap of await captures.ofUrl(u.id, 5)) {
          if (cap.status !== 'ok') continue;
          for (const f of JSON.parse(cap.form_fields) as FormField[]) {
            const label = fieldLabel(f);
            if (label) fields.add(label);
          }
          if (screenshots.length < MAX_SCREENSHOTS && cap.screenshot_sha256) {
            const file = await deps.evidence.read(cap.screenshot_sha256);
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

    async caseStatus(caseId) {
      const c = await k
        .selectFrom('takedown_cases')
        .select([
          'state',
          'opened_at',
          'requested_at',
          'acknowledged_at',
          'escalated_at',
          'down_at',
          'updated_at',
        ])
        .where('id', '=', caseId)
        .executeTakeFirst();
      if (!c) return null;
      const siteState = siteStateOfCase(c.state);
      if (!siteState) return null;
      const at =
        {
          open: c.opened_at,
          requested: c.requested_at,
          acknowledged: c.acknowledged_at ?? c.requested_at,
          escalated: c.escalated_at,
          down: c.down_at,
        }[c.state as 'open'] ?? c.updated_at;
      return { caseState: c.state, siteState, at };
    },
  };
}
