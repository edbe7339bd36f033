import { describe, expect, it } from 'vitest';
import { createMispFeedBuilder } from './misp-feed.ts';
import type { SharedUrl } from './sharing.repository.ts';

const at = Date.UTC(2026, 4, 1, 3);
function shared(urlId: number, url: string, over: Partial<SharedUrl> = {}): SharedUrl {
  const host = new URL(url).hostname;
  return {
    urlId,
    url,
    host,
    domain: host.split('.').slice(-2).join('.'),
    tlp: 'clear',
    active: true,
    threat: 'phishing',
    features: [],
    brandId: null,
    brandSlug: null,
    brandName: null,
    brandNameJa: null,
    stixId: null,
    firstSeen: at,
    lastSeen: at,
    listedAt: at,
    updatedAt: at + urlId * 1000,
    ...over,
  };
}

describe('MISP feed events', () => {
  const builder = createMispFeedBuilder({
    organisationName: 'Test org',
    protection: { isProtected: () => false, size: 0 },
  });

  it('hold each (type, value) once, as MISP requires, however many URLs share a domain', () => {
    const urls = [
      shared(1, 'https://a.kit-domain.xyz/login'),
      shared(2, 'https://b.kit-domain.xyz/login', { tlp: 'green' }),
      shared(3, 'https://kit-domain.xyz/r?u=1', { features: ['open_redirect'] }),
      shared(4, 'https://other.example/'),
    ];
    const [event, ...rest] = builder.events(urls, new Map());
    expect(rest).toEqual([]);
    const attrs = event!.Event.Attribute;
    const keys = attrs.map((a) => `${a.type}:${a.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(attrs.map((a) => a.uuid)).size).toBe(attrs.length);
    const domain = attrs.find((a) => a.type === 'domain' && a.value === 'kit-domain.xyz')!;
    // one URL behind it is an open redirect: the shared attribute is context, not a detection rule
    expect(domain.to_ids).toBe(false);
    expect(domain.timestamp).toBe(String(Math.floor((at + 3000) / 1000)));
    expect(domain.Tag).toEqual([{ name: 'tlp:green' }]);
    expect(attrs.filter((a) => a.type === 'url')).toHaveLength(4);
    expect(attrs.filter((a) => a.type === 'domain').map((a) => a.value)).toEqual([
      'kit-domain.xyz',
      'other.example',
    ]);
  });

  it('keep the shared domain attribute id when one of its URLs leaves the feed', () => {
    const two = [shared(1, 'https://a.kit-domain.xyz/'), shared(2, 'https://b.kit-domain.xyz/')];
    const uuidOf = (urls: SharedUrl[]) =>
      builder.events(urls, new Map())[0]!.Event.Attribute.find((a) => a.type === 'domain')!.uuid;
    expect(uuidOf(two)).toBe(uuidOf([two[1]!]));
  });
});
