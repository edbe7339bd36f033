/** The JSON of /api/v1/takedowns (src/takedowns/takedowns.present.ts). */
export type Contact = {
  role: 'hosting' | 'registrar';
  name: string | null;
  emails: string[];
  query: string;
  error: string | null;
};

export type TakedownCase = {
  id: number;
  urlId: number;
  scope: 'url' | 'domain';
  targetUrl: string;
  targetHost: string;
  targetDomain: string | null;
  state: 'open' | 'requested' | 'acknowledged' | 'escalated' | 'down' | 'closed';
  contacts: Contact[];
  firstReportedAt: number;
  openedAt: number;
  requestedAt: number | null;
  acknowledgedAt: number | null;
  escalatedAt: number | null;
  downAt: number | null;
  closedAt: number | null;
  closeReason: string | null;
  lastCaptureId: number | null;
  metrics: { reportToRequestMs: number | null; requestToDownMs: number | null };
};

export type CaseDetail = TakedownCase & {
  live: { state: 'live' | 'down' | 'unknown'; since: number | null; lastCheckedAt: number | null };
  events: {
    id: number;
    at: number;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    detail: Record<string, unknown>;
  }[];
};

export type Metrics = {
  cases: number;
  byState: Record<string, number>;
  medianReportToRequestMs: number | null;
  medianRequestToDownMs: number | null;
};

export type Capture = {
  id: number;
  variant: string;
  captured_at: number;
  final_url: string | null;
  title: string | null;
  screenshot_sha256: string | null;
  status: string;
  formFields: { label: string | null; name: string | null; type: string }[];
  differences: string[];
};
