import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import type { LiveStatus } from '../liveness/liveness.status.ts';
import type { Contact } from './takedowns.contacts.ts';
import { caseMetrics } from './takedowns.metrics.ts';
import type { CaseRow } from './takedowns.repository.ts';
import type { CaseState } from './takedowns.states.ts';
import { formatJst } from './takedowns.templates.ts';

export function presentCase(c: CaseRow) {
  return {
    id: c.id,
    urlId: c.url_id,
    scope: c.scope,
    targetUrl: c.target_url,
    targetHost: c.target_host,
    targetDomain: c.target_domain,
    brandId: c.brand_id,
    state: c.state as CaseState,
    contacts: JSON.parse(c.contacts) as Contact[],
    firstReportedAt: c.first_reported_at,
    openedAt: c.opened_at,
    requestedAt: c.requested_at,
    acknowledgedAt: c.acknowledged_at,
    escalatedAt: c.escalated_at,
    downAt: c.down_at,
    closedAt: c.closed_at,
    closeReason: c.close_reason,
    lastCaptureId: c.last_capture_id,
    metrics: caseMetrics(c),
  };
}

export type TakedownCase = ReturnType<typeof presentCase>;

type EventRow = {
  id: number;
  at: number;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  actor_user_id: number | null;
  detail: Record<string, unknown>;
};

export function presentEvent(e: EventRow) {
  return {
    id: e.id,
    at: e.at,
    kind: e.kind,
    fromState: e.from_state,
    toState: e.to_state,
    actorUserId: e.actor_user_id,
    detail: e.detail,
  };
}

type SiteState = 'live' | 'takedown_requested' | 'escalated' | 'down' | 'monitoring';

/**
 * The case's state as the alerts module's site states, with when the case got there; null for a closed
 * (not actionable) case, which says nothing the public can use (as src/alerts/alert-sources.ts reads it).
 */
export function siteStateOf(c: CaseRow): { caseState: string; siteState: SiteState; at: number } | null {
  switch (c.state) {
    case 'requested':
      return { caseState: c.state, siteState: 'takedown_requested', at: c.requested_at ?? c.updated_at };
    case 'acknowledged':
      return { caseState: c.state, siteState: 'takedown_requested', at: c.acknowledged_at ?? c.updated_at };
    case 'escalated':
      return { caseState: c.state, siteState: 'escalated', at: c.escalated_at ?? c.updated_at };
    case 'down':
      return { caseState: c.state, siteState: 'down', at: c.down_at ?? c.updated_at };
    case 'closed':
      return null;
    default:
      return { caseState: c.state, siteState: 'live', at: c.opened_at };
  }
}

/** The timestamped line for alerts, from the stored checks (the time is the last check's). */
export function statusLineOf(lang: Lang, status: LiveStatus, c: CaseRow | null) {
  const t = translator(lang);
  const at = status.lastCheckedAt;
  const time = at === null ? '' : formatJst(at);
  let key:
    | 'takedowns.status.unknown'
    | 'takedowns.status.down'
    | 'takedowns.status.live'
    | 'takedowns.status.live_requested'
    | 'takedowns.status.live_escalated' = 'takedowns.status.unknown';
  if (status.state === 'down') key = 'takedowns.status.down';
  else if (status.state === 'live') {
    key =
      c?.state === 'escalated'
        ? 'takedowns.status.live_escalated'
        : c?.state === 'requested' || c?.state === 'acknowledged'
          ? 'takedowns.status.live_requested'
          : 'takedowns.status.live';
  }
  return { text: t(key, { time }), at, siteState: status.state, caseState: c?.state ?? null };
}
