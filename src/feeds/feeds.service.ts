import type { Updateable } from 'kysely';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Outbound } from '../fetch/outbound.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { SourcesTable } from '../storage/schema.ts';
import { type Collection, type CollectionEnd, collect, uniqueEntries } from './collectors.ts';
import { createFeedsRepository, type RunOutcome, type SourceRow } from './feeds.repository.ts';
import { type RunView, type SourceView, toRunView, toView } from './feeds.view.ts';
import { DEFAULT_TIMEOUT_MS, redact, secretsOf } from './fetcher.ts';
import type { ImportService, ImportSummary } from './import.service.ts';
import {
  type FeedKind,
  isFeedKind,
  parseCredentials,
  parseSourceInput,
  parseSourceSettings,
  type SourceInput,
  type SourcePatch,
} from './source-config.ts';

export type { RunView, SourceView } from './feeds.view.ts';

const MAX_RECORDED_ERRORS = 100;

/** Wait before retrying a failed source: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(failures: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Configured feed sources and their runs. A run fetches (conditionally), reads, imports through the
 * import service (idempotent), and records a source_runs row. It never throws for a feed's own failure:
 * the run is recorded as failed, the source is marked failing and its next run moves out with backoff,
 * so one broken partner never holds up the others. Credentials are stored, used for fetching, and
 * never logged, listed or written into a run's errors.
 */
export function createFeedsService(deps: {
  db: Db;
  imports: ImportService;
  clock: Clock;
  log: Logger;
  outbound: Outbound;
}) {
  const repo = createFeedsRepository(deps.db);

  async function resolve(ref: number | string): Promise<SourceRow> {
    const row = typeof ref === 'number' ? await repo.byId(ref) : await repo.byName(ref);
    if (!row || !isFeedKind(row.kind)) throw new AppError('not_found', `no feed source ${ref}`);
    return row;
  }

  async function view(id: number): Promise<SourceView> {
    const row = await repo.byId(id);
    const runs = await repo.recentRuns(id, 1);
    return toView(row!, runs[0]);
  }

  async function run(row: SourceRow): Promise<RunView> {
    const id = Number(row.id);
    const startedAt = deps.clock.now();
    const runId = await repo.startRun(id, startedAt);
    const kind = row.kind as FeedKind;
    let secrets: string[] = [];
    let collection: Collection | null = null;
    let outcome: RunOutcome;
    // What was committed before a failure mid-stream (batches already stored stay stored).
    const partial: { last: ImportSummary | null } = { last: null };
    const carry: Updateable<SourcesTable> = {};
    const intervalMs = Number(row.schedule ?? 60) * 60_000;
    try {
      const credentials = row.credentials ? parseCredentials(JSON.parse(row.credentials)) : null;
      secrets = secretsOf(credentials);
      collection = await collect({
        outbound: deps.outbound,
        name: row.name,
        kind,
        url: row.url!,
        credentials,
        settings: parseSourceSettings(kind, JSON.parse(row.config)),
        etag: row.etag,
        lastModified: row.last_modified,
        state: JSON.parse(row.state) as Record<string, unknown>,
      });
      if (collection.notModified) {
        outcome = {
          status: 'not_modified',
          finishedAt: deps.clock.now(),
          fetched: 0,
          newCount: 0,
          knownCount: 0,
          rejected: 0,
          errors: [],
        };
      } else {
        const summary = await deps.imports.importEntries(
          { name: row.name, kind },
          uniqueEntries(collection.entries),
          (s) => {
            partial.last = { ...s };
          },
        );
        const end: CollectionEnd = collection.finish();
        const errors = [...end.errors];
        const usable = summary.rows - summary.rejected.length;
        // A feed where nothing could be read (an HTML error page, a changed format) is failing, not empty.
        if (summary.rows > 0 && usable === 0)
          errors.push(`no usable rows (first: ${summary.rejected[0]?.reason})`);
        else {
          Object.assign(carry, { etag: end.etag, last_modified: end.lastModified });
        }
        carry.state = JSON.stringify(end.state);
        outcome = {
          status: errors.length > 0 ? 'failed' : 'ok',
          finishedAt: deps.clock.now(),
          fetched: summary.rows,
          newCount: summary.inserted,
          knownCount: summary.known,
          rejected: summary.rejected.length,
          errors: [
            ...errors,
            ...summary.rejected.slice(0, MAX_RECORDED_ERRORS).map((r) => `line ${r.line}: ${r.reason}`),
          ],
        };
      }
    } catch (err) {
      if (collection && !collection.notModified) collection.abort();
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof AppError ? `${err.code}: ` : '';
      outcome = {
        status: 'failed',
        finishedAt: deps.clock.now(),
        fetched: partial.last?.rows ?? 0,
        newCount: partial.last?.inserted ?? 0,
        knownCount: partial.last?.known ?? 0,
        rejected: partial.last?.rejected.length ?? 0,
        errors: [`${code}${message}`],
      };
    }
    outcome.errors = outcome.errors.map((e) => redact(e, secrets).slice(0, 1000));
    if (outcome.status === 'failed') {
      carry.failures = Number(row.failures) + 1;
      carry.next_run_at = outcome.finishedAt + retryDelayMs(carry.failures);
      deps.log.warn(
        { sourceId: id, source: row.name, failures: carry.failures, error: outcome.errors[0] },
        'feed run failed',
      );
    } else {
      carry.failures = 0;
      carry.next_run_at = outcome.finishedAt + intervalMs;
      deps.log.info(
        {
          sourceId: id,
          source: row.name,
          status: outcome.status,
          fetched: outcome.fetched,
          new: outcome.newCount,
        },
        'feed run finished',
      );
    }
    await repo.finishRun(runId, id, outcome, carry);
    return {
      id: runId,
      status: outcome.status,
      startedAt,
      finishedAt: outcome.finishedAt,
      fetched: outcome.fetched,
      new: outcome.newCount,
      known: outcome.knownCount,
      rejected: outcome.rejected,
      errors: outcome.errors,
    };
  }

  return {
    async create(input: SourceInput): Promise<SourceView> {
      const v = parseSourceInput(input);
      const now = deps.clock.now();
      const values = {
        url: v.url,
        schedule: String(v.scheduleMinutes),
        credentials: v.credentials ? JSON.stringify(v.credentials) : null,
        licence: v.licence ?? null,
        config: JSON.stringify(v.config ?? {}),
        enabled: v.enabled === false ? 0 : 1,
      };
      const existing = await repo.byName(v.name);
      if (existing) {
        // A source made by `phishdesk import` of the same kind (no URL yet) becomes the configured feed,
        // so its reports stay under one source.
        if (existing.url !== null || existing.kind !== v.kind)
          throw new AppError('conflict', `a source named ${v.name} already exists`);
        await repo.update(Number(existing.id), { ...values, next_run_at: now, updated_at: now });
        return view(Number(existing.id));
      }
      const id = await repo.insert({ name: v.name, kind: v.kind, ...values, now });
      return view(id);
    },

    async update(ref: number | string, patch: SourcePatch): Promise<SourceView> {
      const row = await resolve(ref);
      const current = toView(row, undefined);
      const merged = parseSourceInput({
        name: row.name,
        kind: row.kind,
        url: patch.url ?? row.url ?? '',
        scheduleMinutes: patch.scheduleMinutes ?? current.scheduleMinutes ?? 60,
        licence: patch.licence !== undefined ? patch.licence : row.licence,
        config: patch.config ?? current.config,
        enabled: patch.enabled ?? current.enabled,
        ...(patch.credentials !== undefined ? { credentials: patch.credentials } : {}),
      });
      const now = deps.clock.now();
      const changes: Updateable<SourcesTable> = {
        url: merged.url,
        schedule: String(merged.scheduleMinutes),
        licence: merged.licence ?? null,
        config: JSON.stringify(merged.config ?? {}),
        enabled: merged.enabled === false ? 0 : 1,
        updated_at: now,
      };
      if (patch.credentials !== undefined)
        changes.credentials = merged.credentials ? JSON.stringify(merged.credentials) : null;
      // Another URL or reading is another document: old validators and cursors no longer apply.
      if (merged.url !== row.url || changes.config !== row.config)
        Object.assign(changes, { etag: null, last_modified: null, state: '{}', next_run_at: now });
      if (merged.enabled !== false && row.enabled === 0) changes.next_run_at = now;
      await repo.update(Number(row.id), changes);
      return view(Number(row.id));
    },

    async disable(ref: number | string): Promise<SourceView> {
      const row = await resolve(ref);
      await repo.update(Number(row.id), { enabled: 0, updated_at: deps.clock.now() });
      return view(Number(row.id));
    },

    async enable(ref: number | string): Promise<SourceView> {
      const row = await resolve(ref);
      const now = deps.clock.now();
      await repo.update(Number(row.id), { enabled: 1, next_run_at: now, updated_at: now });
      return view(Number(row.id));
    },

    async get(ref: number | string): Promise<SourceView> {
      return view(Number((await resolve(ref)).id));
    },

    /** Every feed source with its last run and whether it is failing. */
    async listSources(): Promise<SourceView[]> {
      const [rows, runs] = await Promise.all([repo.listFeeds(), repo.latestRuns()]);
      return rows.map((r) => toView(r, runs.get(Number(r.id))));
    },

    async recentRuns(ref: number | string, limit = 20): Promise<RunView[]> {
      const row = await resolve(ref);
      return (await repo.recentRuns(Number(row.id), limit)).map(toRunView);
    },

    async dueSourceIds(): Promise<number[]> {
      return repo.dueIds(deps.clock.now());
    },

    /**
     * Runs one source now and returns the recorded run. With `onlyIfDue` (the scheduled job) the source is
     * first claimed in the database (see claimDue): one that is disabled, already run since it was queued,
     * or being run by another worker is skipped and null returned.
     */
    async runSource(ref: number | string, options: { onlyIfDue?: boolean } = {}): Promise<RunView | null> {
      const row = await resolve(ref);
      if (!row.url)
        throw new AppError('request.invalid', `source ${row.name} has no URL (file imports only)`);
      if (options.onlyIfDue) {
        const now = deps.clock.now();
        const settings = parseSourceSettings(row.kind as FeedKind, JSON.parse(row.config));
        const lease = now + (settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) * 2 + 60_000;
        if (!(await repo.claimDue(Number(row.id), now, lease))) return null;
      }
      return run(row);
    },
  };
}

export type FeedsService = ReturnType<typeof createFeedsService>;
