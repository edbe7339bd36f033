/**
 * The TAXII 2.1 view of shared URLs: collections per TLP level (each holding the indicators of exactly
 * that level) and per brand, visible by the caller's clearance and brands, and the paged object lists.
 *
 * A collection's contents, in date-added order: this organisation's identity and the TLP marking
 * definitions (added at STATIC_ADDED), then one indicator per shared URL (added when its sharing state
 * last changed, so a re-marked or withdrawn URL comes again as a new version). `next` is the position
 * (date_added, key) after the last object returned: stable while objects are added.
 */
import { AppError } from '../errors.ts';
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import type { Cursor, SharedUrl } from './sharing.repository.ts';
import type { ShareScope, SharingService } from './sharing.service.ts';
import { type StixObject, tlpMarkingDefinition } from './stix-export.ts';
import { visibleLevels } from './tlp-policy.ts';
import { PHISHDESK_NAMESPACE, uuidv5 } from './uuid.ts';

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
export const STATIC_ADDED = Date.UTC(2024, 0, 1);
export const MAX_LIMIT = 1000;

export type TaxiiCollection = {
  id: string;
  title: string;
  description: string;
  can_read: true;
  can_write: false;
  media_types: string[];
};

type Contents = { tlpExactly: Tlp | null; brandIds: readonly number[] | null; levels: Tlp[] };
type Entry = { key: Cursor; object: StixObject };

export type ObjectQuery = {
  addedAfter: number | null;
  limit: number;
  next: string | null;
  types: string[] | null;
  ids: string[] | null;
  /** `match[version]`: `last` (the default), `first`, `all` or timestamps. One version is kept per object. */
  versions: string[] | null;
};

const versionOf = (o: StixObject) => String(o.modified ?? o.created);

/**
 * phishdesk keeps one version of each object (the current one), so `first`, `last` and `all` all name it;
 * a timestamp names it only when it is that version's `modified` (a past version is gone, not returned).
 */
export function matchesVersion(o: StixObject, versions: readonly string[] | null): boolean {
  if (!versions || versions.some((v) => v === 'last' || v === 'first' || v === 'all')) return true;
  const own = Date.parse(versionOf(o));
  return versions.some((v) => Date.parse(v) === own);
}

export function encodeNext(c: Cursor): string {
  return Buffer.from(`${c.t}.${c.id}`).toString('base64url');
}
function decodeNext(value: string): Cursor {
  const m = /^(\d{1,16})\.(-?\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString());
  if (!m) throw new AppError('request.invalid', 'unreadable next');
  return { t: Number(m[1]), id: Number(m[2]) };
}
const after = (a: Cursor, b: Cursor) => a.t > b.t || (a.t === b.t && a.id > b.id);

export function createTaxiiService(sharing: SharingService) {
  const collectionId = (name: string) => uuidv5(`taxii-collection:${name}`, PHISHDESK_NAMESPACE);

  function tlpCollection(tlp: Tlp): TaxiiCollection & { contents: Contents } {
    return {
      id: collectionId(`tlp:${tlp}`),
      title: `Phishing URLs, TLP:${tlp.toUpperCase()}`,
      description: `Confirmed phishing URLs whose effective marking is TLP:${tlp.toUpperCase()}.`,
      can_read: true,
      can_write: false,
      media_types: [STIX_MEDIA_TYPE],
      contents: { tlpExactly: tlp, brandIds: null, levels: [tlp] },
    };
  }

  /** The collections this scope may see (others do not exist for it: 404). */
  async function collections(scope: ShareScope) {
    await sharing.sync();
    const out: (TaxiiCollection & { contents: Contents })[] = [];
    if (scope.brandIds === null) for (const t of visibleLevels(scope.clearance)) out.push(tlpCollection(t));
    for (const b of await sharing.repo.brandsWithShared(tlpRank(scope.clearance), scope.brandIds)) {
      out.push({
        id: collectionId(`brand:${b.id}`),
        title: `Phishing URLs imitating ${b.name}`,
        description: `Confirmed phishing URLs attributed to ${b.name} (${b.slug}), up to your TLP clearance.`,
        can_read: true,
        can_write: false,
        media_types: [STIX_MEDIA_TYPE],
        contents: { tlpExactly: null, brandIds: [b.id], levels: visibleLevels(scope.clearance) },
      });
    }
    return out;
  }

  async function collection(scope: ShareScope, id: string) {
    const found = (await collections(scope)).find((c) => c.id === id);
    if (!found) throw new AppError('not_found', 'no such collection');
    return found;
  }

  function statics(contents: Contents): Entry[] {
    const objs = [sharing.stix.identity(), ...contents.levels.map(tlpMarkingDefinition)];
    return objs.map((object, i) => ({ key: { t: STATIC_ADDED, id: -objs.length + i }, object }));
  }

  const indicatorEntry = (u: SharedUrl): Entry => ({
    key: { t: u.updatedAt, id: u.urlId },
    object: sharing.stix.indicator(u),
  });

  /** Up to limit+1 entries after `from`, matching the filters, in (date_added, key) order. */
  async function entries(scope: ShareScope, contents: Contents, q: ObjectQuery): Promise<Entry[]> {
    const from = q.next ? decodeNext(q.next) : null;
    const want = (e: Entry) =>
      (q.addedAfter === null || e.key.t > q.addedAfter) &&
      (!from || after(e.key, from)) &&
      (!q.types || q.types.includes(e.object.type)) &&
      (!q.ids || q.ids.includes(e.object.id)) &&
      matchesVersion(e.object, q.versions);
    const out = statics(contents).filter(want);
    if (q.types && !q.types.includes('indicator')) return out.slice(0, q.limit + 1);
    let cursor: Cursor | null = from && from.id > 0 ? from : null;
    // match[id] on indicators cannot be pushed to SQL (ids derive from the URL): scan in pages.
    const pageSize = q.ids ? 5000 : q.limit + 1;
    for (;;) {
      const rows = await sharing.repo.listShared({
        clearance: scope.clearance,
        brandIds: contents.brandIds ?? scope.brandIds,
        tlpExactly: contents.tlpExactly,
        since: q.addedAfter === null ? null : q.addedAfter + 1,
        after: cursor,
        includeWithdrawn: true,
        limit: pageSize,
      });
      for (const r of rows) {
        const e = indicatorEntry(r);
        if (want(e)) out.push(e);
      }
      if (out.length > q.limit || rows.length < pageSize) break;
      const last = rows.at(-1)!;
      cursor = { t: last.updatedAt, id: last.urlId };
    }
    return out.slice(0, q.limit + 1);
  }

  return {
    collections,
    collection,
    async objects(scope: ShareScope, id: string, q: ObjectQuery) {
      const c = await collection(scope, id);
      const list = await entries(scope, c.contents, q);
      const page = list.slice(0, q.limit);
      const more = list.length > q.limit;
      return {
        more,
        next: more ? encodeNext(page.at(-1)!.key) : null,
        page: page.map((e) => ({ object: e.object, added: e.key.t })),
      };
    },
  };
}

export type TaxiiService = ReturnType<typeof createTaxiiService>;
