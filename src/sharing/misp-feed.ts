/**
 * A MISP feed (the format MISP's "feed" fetcher reads): `manifest.json` listing the events, one
 * `<uuid>.json` per event and `hashes.csv` (md5 of each attribute value, event uuid). One event per
 * campaign, and one per JST day of listing for URLs in no campaign. Each attribute carries its own
 * `tlp:` tag; the event is tagged with the most restrictive TLP among its attributes.
 */
import { createHash } from 'node:crypto';
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import type { DomainProtection } from './blocklist.ts';
import type { SharedUrl } from './sharing.repository.ts';
import type { StixCampaign } from './stix-export.ts';
import { PHISHDESK_NAMESPACE, uuidv5 } from './uuid.ts';

type MispTag = { name: string };
export type MispAttribute = {
  uuid: string;
  type: 'url' | 'domain';
  category: 'Network activity';
  to_ids: boolean;
  value: string;
  timestamp: string;
  comment: string;
  Tag: MispTag[];
};
export type MispEvent = {
  Event: {
    uuid: string;
    info: string;
    date: string;
    threat_level_id: string;
    analysis: string;
    published: boolean;
    timestamp: string;
    publish_timestamp: string;
    Orgc: { name: string; uuid: string };
    Tag: MispTag[];
    Attribute: MispAttribute[];
  };
};

const JST_OFFSET_MS = 9 * 3600 * 1000;
const jstDay = (ms: number) => new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const tlpTag = (t: Tlp): MispTag => ({ name: `tlp:${t}` });
const tagTlp = (a: MispAttribute): Tlp => (a.Tag[0]?.name.slice(4) ?? 'clear') as Tlp;

export function createMispFeedBuilder(deps: { organisationName: string; protection: DomainProtection }) {
  const ns = uuidv5(`organisation:${deps.organisationName}`, PHISHDESK_NAMESPACE);
  const orgc = { name: deps.organisationName, uuid: uuidv5('misp-org', ns) };

  /**
   * MISP refuses an event holding the same (type, value) twice ("A similar attribute already exists for
   * this event"): URLs of one domain share one domain attribute, a detection rule only when every URL
   * behind it allows one, stamped with the latest change among them; its uuid derives from the event and
   * the value so that it stays when one of those URLs leaves.
   */
  function uniqueAttributes(eventKey: string, urls: readonly SharedUrl[]): MispAttribute[] {
    const byValue = new Map<string, MispAttribute>();
    for (const a of urls.flatMap(attributes)) {
      const key = `${a.type}\u0000${a.value}`;
      const seen = byValue.get(key);
      if (!seen) {
        const uuid = a.type === 'domain' ? uuidv5(`misp-domain:${eventKey}:${a.value}`, ns) : a.uuid;
        byValue.set(key, { ...a, uuid });
        continue;
      }
      seen.to_ids = seen.to_ids && a.to_ids;
      if (Number(a.timestamp) > Number(seen.timestamp)) seen.timestamp = a.timestamp;
      if (tlpRank(tagTlp(a)) > tlpRank(tagTlp(seen))) seen.Tag = a.Tag;
    }
    return [...byValue.values()];
  }

  function attributes(u: SharedUrl): MispAttribute[] {
    const base = {
      category: 'Network activity' as const,
      timestamp: seconds(u.updatedAt),
      Tag: [tlpTag(u.tlp)],
    };
    const comment = u.brandName ? `phishing: ${u.brandName}` : 'phishing';
    const out: MispAttribute[] = [
      { ...base, uuid: uuidv5(`misp-url:${u.url}`, ns), type: 'url', to_ids: true, value: u.url, comment },
    ];
    // A shared-hosting or redirector domain is context, never a detection rule.
    if (u.domain) {
      const blockable =
        !deps.protection.isProtected(u.domain) &&
        !u.features.includes('open_redirect') &&
        !u.features.includes('short_url');
      out.push({
        ...base,
        uuid: uuidv5(`misp-domain:${u.url}`, ns),
        type: 'domain',
        to_ids: blockable,
        value: u.domain,
        comment,
      });
    }
    return out;
  }

  /** Events for these URLs: a URL in several campaigns goes to the one with the smallest id. */
  function events(
    items: readonly SharedUrl[],
    campaignsOf: ReadonlyMap<number, StixCampaign[]>,
  ): MispEvent[] {
    const groups = new Map<string, { info: string; date: string; urls: SharedUrl[] }>();
    for (const u of items.filter((x) => x.active)) {
      const campaign = [...(campaignsOf.get(u.urlId) ?? [])].sort((a, b) => a.id - b.id)[0];
      const key = campaign ? `campaign:${campaign.id}` : `day:${jstDay(u.listedAt)}`;
      let g = groups.get(key);
      if (!g) {
        g = campaign
          ? {
              info: `Phishing campaign: ${campaign.name}`,
              date: jstDay(campaign.firstSeen ?? u.listedAt),
              urls: [],
            }
          : {
              info: `Phishing URLs confirmed on ${jstDay(u.listedAt)} (JST)`,
              date: jstDay(u.listedAt),
              urls: [],
            };
        groups.set(key, g);
      }
      g.urls.push(u);
    }
    return [...groups.entries()].map(([key, g]) => {
      const tlp = g.urls.reduce<Tlp>((t, u) => (tlpRank(u.tlp) > tlpRank(t) ? u.tlp : t), 'clear');
      const ts = seconds(Math.max(...g.urls.map((u) => u.updatedAt)));
      return {
        Event: {
          uuid: uuidv5(`misp-event:${key}`, ns),
          info: g.info,
          date: g.date,
          threat_level_id: '2',
          analysis: '2',
          published: true,
          timestamp: ts,
          publish_timestamp: ts,
          Orgc: orgc,
          Tag: [tlpTag(tlp)],
          Attribute: uniqueAttributes(key, g.urls),
        },
      };
    });
  }

  function manifest(evs: readonly MispEvent[]) {
    return Object.fromEntries(
      evs.map(({ Event: e }) => [
        e.uuid,
        {
          info: e.info,
          date: e.date,
          analysis: Number(e.analysis),
          threat_level_id: Number(e.threat_level_id),
          timestamp: e.timestamp,
          Orgc: e.Orgc,
          Tag: e.Tag,
        },
      ]),
    );
  }

  /** `hashes.csv`: one line per attribute, `md5(value),event uuid`, as MISP's feed generator writes. */
  function hashesCsv(evs: readonly MispEvent[]): string {
    return evs
      .flatMap(({ Event: e }) =>
        e.Attribute.map((a) => `${createHash('md5').update(a.value, 'utf8').digest('hex')},${e.uuid}\n`),
      )
      .join('');
  }

  return { events, manifest, hashesCsv };
}
