/** How sources and runs are shown (CLI, console, API): never the credentials, only their kind. */
import type { SourceRow, SourceRunRow } from './feeds.repository.ts';
import type { Credentials } from './fetcher.ts';

export type RunView = {
  id: number;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  fetched: number;
  new: number;
  known: number;
  rejected: number;
  errors: string[];
};

/** A source as listed: everything but the credentials, of which only the kind is shown. */
export type SourceView = {
  id: number;
  name: string;
  kind: string;
  url: string | null;
  scheduleMinutes: number | null;
  licence: string | null;
  config: Record<string, unknown>;
  enabled: boolean;
  credentials: Credentials['type'] | null;
  failing: boolean;
  failures: number;
  nextRunAt: number | null;
  lastRun: RunView | null;
  createdAt: number;
  updatedAt: number;
};

export function toRunView(r: SourceRunRow): RunView {
  return {
    id: Number(r.id),
    status: r.status,
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    fetched: r.fetched,
    new: r.new_count,
    known: r.known_count,
    rejected: r.rejected,
    errors: JSON.parse(r.errors) as string[],
  };
}

function credentialType(s: SourceRow): Credentials['type'] | null {
  if (!s.credentials) return null;
  try {
    return (JSON.parse(s.credentials) as Credentials).type ?? null;
  } catch {
    return null;
  }
}

export function toView(s: SourceRow, lastRun: SourceRunRow | undefined): SourceView {
  const failures = Number(s.failures);
  return {
    id: Number(s.id),
    name: s.name,
    kind: s.kind,
    url: s.url,
    scheduleMinutes: s.schedule === null ? null : Number(s.schedule),
    licence: s.licence,
    config: JSON.parse(s.config) as Record<string, unknown>,
    enabled: s.enabled === 1,
    credentials: credentialType(s),
    failing: failures > 0,
    failures,
    nextRunAt: s.next_run_at === null ? null : Number(s.next_run_at),
    lastRun: lastRun ? toRunView(lastRun) : null,
    createdAt: Number(s.created_at),
    updatedAt: Number(s.updated_at),
  };
}
