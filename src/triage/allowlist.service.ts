import type { Principal } from '../accounts/principal.ts';
import type { BrandRecord } from '../brands/brands.repository.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { type AllowlistKind, createAllowlistIndex } from './allowlist.index.ts';
import type { AllowlistRepository, AllowlistRow } from './allowlist.repository.ts';
import type { AuditRecorder } from './audit.ts';
import { openPlatformZone } from './open-platforms.ts';

export type AllowlistSource = 'official' | 'analyst' | 'brand';

export type AllowlistEntry = {
  id: number;
  kind: AllowlistKind;
  value: string;
  reason: string;
  source: AllowlistSource;
  brandId: number | null;
  addedBy: number | null;
  at: string;
};

export function toAllowlistEntry(r: AllowlistRow): AllowlistEntry {
  return {
    id: r.id,
    kind: r.kind as AllowlistKind,
    value: r.value,
    reason: r.reason,
    source: r.source as AllowlistSource,
    brandId: r.brand_id,
    addedBy: r.added_by,
    at: new Date(r.at).toISOString(),
  };
}

/**
 * `example.com`, `https://Example.com/x` or `xn--…` → the canonical host; for a `path` entry the
 * canonical `host/path` (a trailing `*` kept: a prefix). Throws request.invalid.
 */
export function normalizeAllowlistValue(kind: AllowlistKind, value: string): string {
  const input = value.trim();
  if (kind === 'path') {
    const prefix = input.endsWith('*');
    const bare = prefix ? input.slice(0, -1) : input;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(bare) ? bare : `http://${bare}`;
    const a = parseOrInvalid(withScheme);
    if (a.path === '/' && prefix)
      throw new AppError(
        'request.invalid',
        'a path entry covers one page or a path below the host, not all of it',
      );
    return `${a.host}${a.path}${prefix ? '*' : ''}`;
  }
  try {
    const a = analyzeUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}/`);
    if (kind === 'domain' && a.isIp)
      throw new AppError('request.invalid', 'an IP address is a host, not a domain');
    return a.host;
  } catch (error) {
    if (isAppError(error) && error.code !== 'request.invalid')
      throw new AppError('request.invalid', `not a host name: ${error.message}`);
    throw error;
  }
}

function parseOrInvalid(url: string) {
  try {
    return analyzeUrl(url);
  } catch (error) {
    if (isAppError(error)) throw new AppError('request.invalid', `not a URL: ${error.message}`);
    throw error;
  }
}

/** How often another process's allowlist changes are picked up by intake at the latest. */
export const FRESH_MS = 5000;

/**
 * The allowlist (a warning list: hosts and domains that are not phishing). Intake asks `matches(host)`
 * synchronously on its hot path after `ensureFresh()`; changes made in this process apply at once, those
 * of other processes within FRESH_MS.
 */
export function createAllowlist(deps: { repo: AllowlistRepository; clock: Clock; audit: AuditRecorder }) {
  let index = createAllowlistIndex([]);
  let version = '';
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function reload() {
    version = await deps.repo.version();
    index = createAllowlistIndex(await deps.repo.all());
    checkedAt = performance.now();
  }

  return {
    reload,
    /** The id of the entry covering this host (and path: open platforms are allowlisted by path), or null. */
    match: (host: string, path?: string): number | null => index.match(host, path),
    matches: (host: string, path?: string): boolean => index.match(host, path) !== null,

    async ensureFresh(): Promise<void> {
      if (performance.now() - checkedAt < FRESH_MS) return;
      checkedAt = performance.now();
      if ((await deps.repo.version()) !== version) await reload();
    },

    /**
     * Every brand's official domains, so the real services are never reported as phishing; not those
     * that are open platforms themselves (dropbox.com, line.me): an entry there would hide phishing.
     */
    async syncOfficial(brands: readonly BrandRecord[]): Promise<number> {
      const at = deps.clock.now();
      const entries = brands.flatMap((b) =>
        b.officialDomains
          .filter((d) => openPlatformZone(d) === null)
          .map((d) => ({
            kind: 'domain',
            value: d.toLowerCase().replace(/\.$/, ''),
            reason: `official domain of ${b.nameEn}`,
            source: 'official',
            brand_id: b.id,
            added_by: null,
            at,
          })),
      );
      const added = await deps.repo.addMany(entries);
      await reload();
      return added;
    },

    async list(q: { source?: string; search?: string; cursor?: number; limit: number }) {
      const rows = await deps.repo.list({ ...q, beforeId: q.cursor });
      return {
        items: rows.map(toAllowlistEntry),
        nextCursor: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
      };
    },

    async check(url: string): Promise<{ allowlisted: boolean; entry: AllowlistEntry | null }> {
      await reload();
      let host: string;
      let path: string;
      try {
        ({ host, path } = analyzeUrl(url));
      } catch (error) {
        // Not echoed back: the input is whatever the caller typed.
        if (isAppError(error)) throw new AppError('request.invalid', 'not a URL');
        throw error;
      }
      const id = index.match(host, path);
      const row = id === null ? undefined : await deps.repo.get(id);
      return { allowlisted: row !== undefined, entry: row ? toAllowlistEntry(row) : null };
    },

    async add(
      principal: Principal | null,
      input: {
        kind: AllowlistKind;
        value: string;
        reason: string;
        source?: AllowlistSource;
        brandId?: number | null;
      },
    ): Promise<AllowlistEntry> {
      const reason = input.reason.trim();
      if (!reason) throw new AppError('triage.reason_required', 'say why this is not phishing');
      const value = normalizeAllowlistValue(input.kind, input.value);
      const zone = input.kind === 'path' ? null : openPlatformZone(value);
      if (zone !== null)
        throw new AppError(
          'allowlist.open_platform',
          `${value} is on ${zone}, where anyone can publish: allowlist a page of it (a path entry), never the host`,
          { zone },
        );
      const existing = await deps.repo.find(input.kind, value);
      if (existing) return toAllowlistEntry(existing);
      const row = await deps.repo.add({
        kind: input.kind,
        value,
        reason: reason.slice(0, 2000),
        source: input.source ?? 'analyst',
        brand_id: input.brandId ?? null,
        added_by: principal && principal.userId > 0 ? principal.userId : null,
        at: deps.clock.now(),
      });
      const entry = toAllowlistEntry(row);
      await deps.audit.record({
        principal,
        action: 'allowlist.add',
        entity: 'allowlist',
        entityId: row.id,
        after: entry,
      });
      await reload();
      return entry;
    },

    async remove(principal: Principal | null, id: number): Promise<void> {
      const row = await deps.repo.get(id);
      if (!row) throw new AppError('not_found', 'no such allowlist entry');
      if (row.source === 'official')
        throw new AppError(
          'allowlist.official',
          'official brand domains stay on the allowlist; edit the brand',
        );
      await deps.repo.remove(id);
      await deps.audit.record({
        principal,
        action: 'allowlist.remove',
        entity: 'allowlist',
        entityId: id,
        before: toAllowlistEntry(row),
      });
      await reload();
    },
  };
}

export type Allowlist = ReturnType<typeof createAllowlist>;
