import type { FeedEntry, FeedItem } from './feed-item.ts';
import { normalizeTlp } from './stix.ts';
import { parseTimestamp } from './timestamps.ts';

type Tlp = NonNullable<FeedItem['tlp']>;
type MispAttribute = {
  uuid?: unknown;
  type?: unknown;
  value?: unknown;
  object_relation?: unknown;
  to_ids?: unknown;
  deleted?: unknown;
  timestamp?: unknown;
  first_seen?: unknown;
  Tag?: unknown;
};
type MispEvent = {
  uuid?: unknown;
  info?: unknown;
  date?: unknown;
  Tag?: unknown;
  Attribute?: unknown;
  Object?: unknown;
};

export type MispOptions = {
  threat?: 'phishing' | 'malware';
  /** Also take URL attributes not flagged for detection (to_ids false): usually context, e.g. the real site. */
  includeNonIds?: boolean;
};

/** One manifest entry: the event's uuid and its last-change timestamp, as the feed lists it. */
export type MispManifestEntry = { uuid: string; timestamp: string };

const RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, red: 3 };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The most restrictive `tlp:` tag of a MISP tag list. */
export function tlpFromTags(tags: unknown): Tlp | null {
  let best: Tlp | null = null;
  for (const tag of Array.isArray(tags) ? tags : []) {
    const name = (tag as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name.toLowerCase().startsWith('tlp:')) continue;
    const t = normalizeTlp(name);
    if (t && (best === null || RANK[t] > RANK[best])) best = t;
  }
  return best;
}

/** The events of a MISP feed manifest (`{ "<uuid>": { "timestamp": …, "info": … }, … }`). */
export function readMispManifest(doc: unknown): MispManifestEntry[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('manifest.json is not an object of events');
  return Object.entries(doc as Record<string, { timestamp?: unknown }>)
    .filter(([uuid]) => UUID_RE.test(uuid))
    .map(([uuid, e]) => ({ uuid: uuid.toLowerCase(), timestamp: String(e?.timestamp ?? '') }));
}

/**
 * The URLs of one MISP event file (`{"Event": {…}}`): `url` attributes of the event and of its objects.
 * The external id is the attribute uuid. A `phishing` object's `target` attribute is the brand label of
 * the URLs beside it. TLP comes from the attribute's tags, else the event's. Deleted attributes and, by
 * default, those not meant for detection (to_ids false) are left out.
 */
export function readMispEvent(doc: unknown, options: MispOptions = {}): FeedEntry[] {
  const ev = ((doc as { Event?: unknown } | null)?.Event ?? doc) as MispEvent | null;
  if (typeof ev !== 'object' || ev === null || (!Array.isArray(ev.Attribute) && !Array.isArray(ev.Object)))
    return [{ rejected: { line: 1, reason: 'not a MISP event (no Event.Attribute or Event.Object)' } }];
  const eventTlp = tlpFromTags(ev.Tag);
  const eventDate = parseTimestamp(ev.date);
  const out: FeedEntry[] = [];
  let n = 0;

  const take = (attr: MispAttribute, brandLabel: string | null, objectName: string | null) => {
    n++;
    if (attr?.type !== 'url' || attr.deleted === true) return;
    if (!options.includeNonIds && (attr.to_ids === false || attr.to_ids === '0' || attr.to_ids === 0)) return;
    const uuid = typeof attr.uuid === 'string' ? attr.uuid.toLowerCase() : '';
    if (!UUID_RE.test(uuid)) {
      out.push({ rejected: { line: n, reason: `attribute ${n}: missing or malformed uuid` } });
      return;
    }
    const url = typeof attr.value === 'string' ? attr.value.trim() : '';
    if (url === '') {
      out.push({ rejected: { line: n, reason: `attribute ${uuid}: empty value` } });
      return;
    }
    const tlp = tlpFromTags(attr.Tag) ?? eventTlp;
    const reportedAt = parseTimestamp(attr.first_seen) ?? parseTimestamp(attr.timestamp) ?? eventDate;
    out.push({
      item: {
        externalId: uuid,
        url,
        ...(reportedAt !== null ? { reportedAt } : {}),
        brandLabel,
        threat: options.threat ?? 'phishing',
        ...(tlp ? { tlp } : {}),
        raw: { event: ev.uuid, info: ev.info, object: objectName, attribute: attr },
        line: n,
      },
    });
  };

  for (const attr of Array.isArray(ev.Attribute) ? ev.Attribute : []) take(attr as MispAttribute, null, null);
  for (const obj of Array.isArray(ev.Object) ? ev.Object : []) {
    const o = obj as { name?: unknown; deleted?: unknown; Attribute?: unknown };
    // `?.` on both: a null object in a hostile feed is skipped, not a TypeError that ends the import.
    if (o?.deleted === true || !Array.isArray(o?.Attribute)) continue;
    const attrs = o.Attribute as MispAttribute[];
    const target = attrs.find((a) => a?.object_relation === 'target' && typeof a.value === 'string');
    const brand = typeof target?.value === 'string' && target.value.trim() ? target.value.trim() : null;
    for (const attr of attrs) take(attr, brand, typeof o.name === 'string' ? o.name : null);
  }
  return out;
}
