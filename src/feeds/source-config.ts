import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Credentials } from './fetcher.ts';
import type { GenericMapping } from './generic.ts';

export const FEED_KINDS = [
  'openphish',
  'phishtank-json',
  'phishtank-csv',
  'urlhaus',
  'jpcert',
  'generic',
  'stix',
  'taxii',
  'misp',
] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export function isFeedKind(kind: string): kind is FeedKind {
  return (FEED_KINDS as readonly string[]).includes(kind);
}

const column = z.union([z.string().min(1), z.number().int().min(0)]);
const threat = z.enum(['phishing', 'malware']);

/** Settings every kind accepts. */
const common = {
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
  maxBytes: z.number().int().min(1024).optional(),
  threat: threat.optional(),
};

export const genericMappingSchema = z
  .object({
    format: z.enum(['csv', 'txt']).optional(),
    url: column,
    date: column.optional(),
    brand: column.optional(),
    id: column.optional(),
    delimiter: z.string().length(1).optional(),
    hasHeader: z.boolean().optional(),
    timezone: z
      .string()
      .regex(/^(Z|UTC|[+-]\d{2}:?\d{2})$/)
      .optional(),
    comment: z.string().length(1).optional(),
    threat: threat.optional(),
  })
  .refine(
    (m) =>
      m.hasHeader !== false ||
      [m.url, m.date, m.brand, m.id].every((c) => c === undefined || typeof c === 'number'),
    { message: 'columns must be indexes when hasHeader is false' },
  );

const CONFIG_SCHEMAS = {
  generic: z.object({ ...common, mapping: genericMappingSchema }).strict(),
  taxii: z
    .object({
      ...common,
      limit: z.number().int().min(1).max(10_000).optional(),
      maxPages: z.number().int().min(1).max(100_000).optional(),
      /** Where the first poll starts (RFC 3339); later polls continue from the last one. */
      addedAfter: z.iso.datetime({ offset: true }).optional(),
    })
    .strict(),
  misp: z.object({ ...common, includeNonIds: z.boolean().optional() }).strict(),
} as const;
const plainConfig = z.object(common).strict();

export type SourceSettings = {
  timeoutMs?: number;
  maxBytes?: number;
  threat?: 'phishing' | 'malware';
  mapping?: GenericMapping;
  limit?: number;
  maxPages?: number;
  addedAfter?: string;
  includeNonIds?: boolean;
};

function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('request.invalid', message, details);
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Checks the kind-specific settings (`config` of a source) and returns them typed. */
export function parseSourceSettings(kind: FeedKind, config: unknown): SourceSettings {
  const schema = (CONFIG_SCHEMAS as Record<string, z.ZodType>)[kind] ?? plainConfig;
  const r = schema.safeParse(config ?? {});
  if (!r.success) throw invalid(`config for ${kind}: ${issues(r.error)}`);
  return r.data as SourceSettings;
}

export const credentialsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('header'),
      name: z.string().regex(/^[A-Za-z0-9-]+$/, 'not a header name'),
      value: z.string().min(1),
    })
    .strict(),
  z.object({ type: z.literal('token'), value: z.string().min(1) }).strict(),
]);

export function parseCredentials(value: unknown): Credentials {
  const r = credentialsSchema.safeParse(value);
  // The message names the fields only: the values may be the secret itself.
  if (!r.success)
    throw invalid(`credentials: ${r.error.issues.map((i) => i.path.join('.')).join(', ')} invalid`);
  return r.data;
}

/** A feed URL: http(s), no user:password inside (credentials go in their own, never-listed field). */
export function checkFeedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{token}', 'token'));
  } catch {
    throw invalid('url: not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('url: only http and https');
  if (parsed.username || parsed.password)
    throw invalid('url: put user and password in credentials, not in the URL');
  return url;
}

export const SOURCE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const sourceInputSchema = z
  .object({
    name: z.string().regex(SOURCE_NAME_RE, 'letters, digits, . _ - (max 64)'),
    kind: z.enum(FEED_KINDS),
    url: z.string().min(1),
    /** Poll interval in minutes. */
    scheduleMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 31),
    credentials: z.unknown().optional(),
    licence: z.string().max(2000).nullable().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export type SourceInput = z.input<typeof sourceInputSchema>;
export type SourcePatch = Partial<Omit<SourceInput, 'name' | 'kind'>> & { credentials?: unknown };

export function parseSourceInput(input: unknown) {
  const r = sourceInputSchema.safeParse(input);
  if (!r.success) throw invalid(issues(r.error));
  const value = r.data;
  checkFeedUrl(value.url);
  parseSourceSettings(value.kind, value.config ?? {});
  const credentials = value.credentials == null ? null : parseCredentials(value.credentials);
  return { ...value, credentials };
}
