import { z } from 'zod';

/** One confirmed URL in the JSON feed (`sharedUrlJson` of export-csv.ts). */
export const sharedUrlSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  host: z.string(),
  domain: z.string().nullable(),
  tlp: z.string(),
  threat: z.string(),
  brand: z
    .object({ slug: z.string(), name: z.string().nullable(), nameJa: z.string().nullable() })
    .nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  listedAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['active', 'withdrawn']),
});

const mispTag = z.object({ name: z.string() });
const mispOrg = z.object({ name: z.string(), uuid: z.string() });

/** `manifest.json` of the MISP feed: event uuid → what MISP's feed fetcher reads of each event. */
export const mispManifestSchema = z.record(
  z.string(),
  z.object({
    info: z.string(),
    date: z.string(),
    analysis: z.number().int(),
    threat_level_id: z.number().int(),
    timestamp: z.string(),
    Orgc: mispOrg,
    Tag: z.array(mispTag),
  }),
);

/** One MISP event (`MispEvent` of misp-feed.ts). */
export const mispEventSchema = z.object({
  Event: z.object({
    uuid: z.string(),
    info: z.string(),
    date: z.string(),
    threat_level_id: z.string(),
    analysis: z.string(),
    published: z.boolean(),
    timestamp: z.string(),
    publish_timestamp: z.string(),
    Orgc: mispOrg,
    Tag: z.array(mispTag),
    Attribute: z.array(
      z.object({
        uuid: z.string(),
        type: z.enum(['url', 'domain']),
        category: z.literal('Network activity'),
        to_ids: z.boolean(),
        value: z.string(),
        timestamp: z.string(),
        comment: z.string(),
        Tag: z.array(mispTag),
      }),
    ),
  }),
});

/**
 * A STIX 2.1 bundle. Sent as bytes, so this only documents it: the objects are STIX indicators and the
 * identity that created them, with every property STIX gives them.
 */
export const stixBundleSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array)
  .meta({
    type: 'object',
    required: ['type', 'id', 'objects'],
    properties: {
      type: { type: 'string', enum: ['bundle'] },
      id: { type: 'string' },
      objects: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'id'],
          properties: { type: { type: 'string' }, id: { type: 'string' }, spec_version: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
  });

/** The hash-prefix list or its diff (`HashListUpdate` of hash-list.ts). */
export const hashListUpdateSchema = z.object({
  version: z.number().int(),
  full: z.boolean().describe('true: `additions` is the whole list (the client drops what it had)'),
  additions: z.array(z.string()),
  removals: z.array(z.string()),
  checksum: z.string(),
});

/** POST /api/v1/hashes:search. */
export const hashSearchSchema = z.object({
  fullHashes: z.array(z.object({ hash: z.string(), threatType: z.literal('phishing') })),
  version: z.number().int(),
  cacheDurationSeconds: z.number().int(),
});
