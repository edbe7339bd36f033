import { URL_EVIDENCE_KINDS } from '../brands/calibration.ts';
import { TRUST_LEVELS } from '../sources/trust.ts';
import type { TriageFacts } from '../triage/rule-facts.ts';

/**
 * What phishdesk knows of a URL when the rules look at it (gathered by facts.ts from the triage, liveness
 * and capture modules' interfaces): triage's facts (reports, reporters: distinct reporters, contact else
 * each report; sources and their trust; whether a person decided, after which rules never act again), and
 * liveness and capture facts, null where no check or capture exists.
 */
export type UrlFacts = TriageFacts & {
  liveness: { state: 'live' | 'down' | 'unknown'; checks: number } | null;
  capture: {
    ok: boolean;
    passwordField: boolean;
    cardField: boolean;
    finalOffDomain: boolean;
    mobileOnlyForm: boolean;
  } | null;
};

export type FieldType = 'number' | 'boolean' | 'enum' | 'string' | 'trust' | 'set';

export const OPS_BY_TYPE: Record<FieldType, readonly string[]> = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
  boolean: ['eq', 'ne'],
  enum: ['eq', 'ne', 'in'],
  string: ['eq', 'ne', 'in', 'ends_with'],
  trust: ['eq', 'ne', 'in', 'gte', 'lte'],
  set: ['has', 'has_any', 'has_none'],
};

export const EVIDENCE_KINDS = [...URL_EVIDENCE_KINDS, 'official', 'analyst', 'report'] as const;

type Field = {
  type: FieldType;
  values?: readonly string[];
  description: string;
  get(f: UrlFacts): number | boolean | string | string[] | null;
};

const trustOrder = (t: string) => (t === 'confirmed' ? 2 : t === 'trusted' ? 1 : 0);
const maxTrust = (f: UrlFacts) =>
  f.sources.reduce<string>((best, s) => (trustOrder(s.trust) > trustOrder(best) ? s.trust : best), 'public');

/** Every field a rule may name. An unknown name is refused (rule.unknown_field). */
export const FIELDS: Record<string, Field> = {
  'source.trust': {
    type: 'trust',
    values: TRUST_LEVELS,
    description: 'the highest trust among the sources that reported the URL',
    get: maxTrust,
  },
  'sources.count': { type: 'number', description: 'distinct sources', get: (f) => f.sources.length },
  'sources.trusted': {
    type: 'number',
    description: 'distinct sources of trust trusted or confirmed',
    get: (f) => f.sources.filter((s) => trustOrder(s.trust) >= 1).length,
  },
  'reports.count': { type: 'number', description: 'reports naming the URL', get: (f) => f.reports },
  'reporters.count': {
    type: 'number',
    description: 'independent reporters (distinct contacts; a report without one counts alone)',
    get: (f) => f.reporters,
  },
  'brand.known': { type: 'boolean', description: 'a brand is attributed', get: (f) => f.brand !== null },
  'brand.slug': { type: 'string', description: "the brand's slug", get: (f) => f.brand?.slug ?? null },
  'brand.confidence': {
    type: 'number',
    description: 'attribution confidence 0..1 (calibrated)',
    get: (f) => f.brand?.confidence ?? null,
  },
  'brand.evidenceKind': {
    type: 'enum',
    values: EVIDENCE_KINDS,
    description:
      'the kind of the strongest brand evidence (lookalike-1, homoglyph, spoofed … are official-domain proximity)',
    get: (f) => f.brand?.evidenceKind ?? null,
  },
  'url.features': {
    type: 'set',
    values: [
      'short_url',
      'dynamic_dns',
      'free_hosting',
      'cloud_hosting',
      'open_redirect',
      'random_subdomain',
      'ip_host',
      'punycode',
      'non_standard_port',
    ],
    description: 'URL tricks (src/urls/features.ts)',
    get: (f) => f.features,
  },
  'url.tld': { type: 'string', description: 'top-level domain', get: (f) => f.tld },
  'url.host': { type: 'string', description: 'host name', get: (f) => f.host },
  'url.domain': { type: 'string', description: 'registrable domain', get: (f) => f.domain },
  'url.scheme': { type: 'enum', values: ['http', 'https'], description: 'scheme', get: (f) => f.scheme },
  'url.allowlisted': {
    type: 'boolean',
    description: 'on the allowlist (official domains included)',
    get: (f) => f.allowlisted,
  },
  'url.official': {
    type: 'boolean',
    description: "on a brand's official domain",
    get: (f) => f.official,
  },
  'liveness.state': {
    type: 'enum',
    values: ['live', 'down', 'unknown'],
    description: 'the last liveness verdict (unknown: never checked)',
    get: (f) => f.liveness?.state ?? 'unknown',
  },
  'capture.exists': {
    type: 'boolean',
    description: 'a capture succeeded',
    get: (f) => f.capture?.ok === true,
  },
  'capture.passwordField': {
    type: 'boolean',
    description: 'the captured page has a password field',
    get: (f) => f.capture?.passwordField ?? null,
  },
  'capture.cardField': {
    type: 'boolean',
    description: 'the captured page has a card-number field (autocomplete cc-number, card/カード番号)',
    get: (f) => f.capture?.cardField ?? null,
  },
  'capture.finalOffDomain': {
    type: 'boolean',
    description: "the capture ended on another registrable domain than the URL's",
    get: (f) => f.capture?.finalOffDomain ?? null,
  },
  'capture.mobileOnlyForm': {
    type: 'boolean',
    description: 'the form fields differ between the desktop and the phone capture (cloaking)',
    get: (f) => f.capture?.mobileOnlyForm ?? null,
  },
};

export { trustOrder };
