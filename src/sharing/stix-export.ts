/**
 * STIX 2.1 objects for shared URLs: an identity for this organisation, one indicator per URL
 * (`[url:value = '…']`), the TLP 2.0 marking definitions, campaigns and `indicates` relationships.
 * An indicator's id is the UUIDv4 stored when its URL was first shared (URLs shared before ids were stored
 * keep the UUIDv5 of organisation + URL they were published under); other ids are UUIDv5 of what the object
 * stands for (campaign id…) and times come from the data, so exporting the same data twice gives
 * byte-identical objects.
 */
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import type { SharedUrl } from './sharing.repository.ts';
import { PHISHDESK_NAMESPACE, uuidv5 } from './uuid.ts';

export type StixObject = Record<string, unknown> & { type: string; id: string };

/** The OASIS TLP 2.0 marking-definition objects (the ids src/feeds/stix.ts reads). */
const TLP2_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export function tlpMarkingId(tlp: Tlp): string {
  return TLP2_IDS[tlp];
}

export function tlpMarkingDefinition(tlp: Tlp): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[tlp],
    created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  };
}

/** STIX patterning string literal: backslash and quote escaped. */
export function stixUrlPattern(url: string): string {
  return `[url:value = '${url.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What the indicator says in words (strict STIX consumers want both name and description). */
function indicatorDescription(u: SharedUrl, organisationName: string): string {
  const brand = u.brandName ?? u.brandSlug;
  const what = brand ? `A phishing site imitating ${brand}` : 'A phishing site';
  const state = u.active ? 'confirmed' : 'no longer confirmed (revoked)';
  return `${what} on ${u.host}, first seen ${iso(u.firstSeen)}, ${state} by ${organisationName}.`;
}
const IDENTITY_CREATED = '2024-01-01T00:00:00.000Z';

export type StixCampaign = {
  id: number;
  name: string;
  description: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
  createdAt: number;
  updatedAt: number;
};

export function createStixBuilder(organisationName: string) {
  const ns = uuidv5(`organisation:${organisationName}`, PHISHDESK_NAMESPACE);
  const identityId = `identity--${uuidv5('identity', ns)}`;
  const indicatorId = (u: Pick<SharedUrl, 'url' | 'stixId'>) =>
    `indicator--${u.stixId ?? uuidv5(`indicator:${u.url}`, ns)}`;
  const campaignId = (id: number) => `campaign--${uuidv5(`campaign:${id}`, ns)}`;

  function identity(): StixObject {
    return {
      type: 'identity',
      spec_version: '2.1',
      id: identityId,
      created: IDENTITY_CREATED,
      modified: IDENTITY_CREATED,
      name: organisationName,
      identity_class: 'organization',
    };
  }

  function indicator(u: SharedUrl): StixObject {
    const brand = u.brandName ?? u.brandSlug;
    return {
      type: 'indicator',
      spec_version: '2.1',
      id: indicatorId(u),
      created_by_ref: identityId,
      created: iso(u.listedAt),
      modified: iso(Math.max(u.updatedAt, u.listedAt)),
      name: brand ? `Phishing URL (${brand})` : 'Phishing URL',
      description: indicatorDescription(u, organisationName),
      indicator_types: ['malicious-activity'],
      pattern: stixUrlPattern(u.url),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: iso(Math.min(u.firstSeen, u.listedAt)),
      ...(u.active ? {} : { revoked: true }),
      ...(brand ? { labels: [`brand:${u.brandSlug}`] } : {}),
      object_marking_refs: [TLP2_IDS[u.tlp]],
    };
  }

  function campaign(c: StixCampaign, tlp: Tlp): StixObject {
    return {
      type: 'campaign',
      spec_version: '2.1',
      id: campaignId(c.id),
      created_by_ref: identityId,
      created: iso(c.createdAt),
      modified: iso(Math.max(c.updatedAt, c.createdAt)),
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      ...(c.firstSeen !== null ? { first_seen: iso(c.firstSeen) } : {}),
      ...(c.lastSeen !== null && c.firstSeen !== null && c.lastSeen >= c.firstSeen
        ? { last_seen: iso(c.lastSeen) }
        : {}),
      object_marking_refs: [TLP2_IDS[tlp]],
    };
  }

  function relationship(u: SharedUrl, c: StixCampaign, tlp: Tlp): StixObject {
    const source = indicatorId(u);
    const target = campaignId(c.id);
    const created = Math.max(u.listedAt, c.createdAt);
    return {
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--${uuidv5(`${source}>indicates>${target}`, ns)}`,
      created_by_ref: identityId,
      created: iso(created),
      modified: iso(created),
      relationship_type: 'indicates',
      source_ref: source,
      target_ref: target,
      object_marking_refs: [TLP2_IDS[tlp]],
    };
  }

  /**
   * Every object for these URLs: identity, the markings used, indicators, and for URLs in campaigns the
   * campaign (marked with the most restrictive TLP of its URLs in this export, so a campaign never says
   * more than its least shareable member) and one relationship per URL (marked like the stricter side).
   */
  function objects(
    items: readonly SharedUrl[],
    campaignsOf: ReadonlyMap<number, StixCampaign[]>,
  ): StixObject[] {
    const indicators = items.map(indicator);
    const campaignTlp = new Map<number, { c: StixCampaign; tlp: Tlp }>();
    for (const u of items) {
      for (const c of campaignsOf.get(u.urlId) ?? []) {
        const prev = campaignTlp.get(c.id);
        if (!prev || tlpRank(u.tlp) > tlpRank(prev.tlp)) campaignTlp.set(c.id, { c, tlp: u.tlp });
      }
    }
    const campaigns = [...campaignTlp.values()]
      .sort((a, b) => a.c.id - b.c.id)
      .map((x) => campaign(x.c, x.tlp));
    const relationships = items.flatMap((u) =>
      (campaignsOf.get(u.urlId) ?? []).map((c) => {
        const ct = campaignTlp.get(c.id)!.tlp;
        return relationship(u, c, tlpRank(ct) > tlpRank(u.tlp) ? ct : u.tlp);
      }),
    );
    const used = new Set<Tlp>([...items.map((u) => u.tlp), ...[...campaignTlp.values()].map((x) => x.tlp)]);
    const markings = (['clear', 'green', 'amber', 'red'] as const)
      .filter((t) => used.has(t))
      .map(tlpMarkingDefinition);
    return [identity(), ...markings, ...indicators, ...campaigns, ...relationships];
  }

  /** A bundle whose id derives from its content: the same export twice is the same document. */
  function bundle(objs: readonly StixObject[]): {
    type: 'bundle';
    id: string;
    objects: readonly StixObject[];
  } {
    const key = objs.map((o) => `${o.id}@${String(o.modified ?? o.created ?? '')}`).join('\n');
    return { type: 'bundle', id: `bundle--${uuidv5(key, ns)}`, objects: objs };
  }

  return { identityId, indicatorId, identity, indicator, objects, bundle };
}

export type StixBuilder = ReturnType<typeof createStixBuilder>;
