import type { RuleSetInput } from './rule-schema.ts';

/**
 * The rule set a national desk starts with (seeded as version 1 when no rule set exists; README
 * "Triage rules"). Verdict rules are tried in order, the first match decides; priority rules all count,
 * the highest wins. No rule confirms an allowlisted or official URL, whatever it says.
 */
export const DEFAULT_RULE_SET: RuleSetInput = {
  comment: 'default rule set (seed)',
  rules: [
    {
      id: 'official-benign',
      description: "A brand's own official domain is the real service: benign.",
      enabled: true,
      when: { field: 'url.official', op: 'eq', value: true },
      action: { type: 'benign' },
    },
    {
      id: 'two-trusted-sources',
      description: 'Two or more independent trusted (or confirmed) sources reported it: confirm.',
      enabled: true,
      when: { field: 'sources.trusted', op: 'gte', value: 2 },
      action: { type: 'confirm' },
    },
    {
      id: 'live-credential-kit',
      description:
        'A live page with a password or card-number field, a brand at high confidence, not on the brand’s own domain: confirm.',
      enabled: true,
      when: {
        all: [
          { field: 'liveness.state', op: 'eq', value: 'live' },
          {
            any: [
              { field: 'capture.passwordField', op: 'eq', value: true },
              { field: 'capture.cardField', op: 'eq', value: true },
            ],
          },
          { field: 'brand.confidence', op: 'gte', value: 0.9 },
          { field: 'url.allowlisted', op: 'eq', value: false },
        ],
      },
      action: { type: 'confirm' },
    },
    {
      id: 'live-brand-priority',
      description: 'Live and naming a brand: high in the queue.',
      enabled: true,
      when: {
        all: [
          { field: 'liveness.state', op: 'eq', value: 'live' },
          { field: 'brand.known', op: 'eq', value: true },
        ],
      },
      action: { type: 'priority', value: 80 },
    },
    {
      id: 'many-reporters-priority',
      description: 'Three or more independent reporters: up the queue.',
      enabled: true,
      when: { field: 'reporters.count', op: 'gte', value: 3 },
      action: { type: 'priority', value: 60 },
    },
    {
      id: 'lookalike-priority',
      description: 'An official name imitated in the host (lookalike, homoglyph, spoofed): up the queue.',
      enabled: true,
      when: {
        field: 'brand.evidenceKind',
        op: 'in',
        value: ['lookalike-1', 'lookalike-2', 'homoglyph', 'spoofed', 'official-in-host'],
      },
      action: { type: 'priority', value: 50 },
    },
  ],
};
