import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from './default-rules.ts';
import { decide } from './evaluate.ts';
import type { UrlFacts } from './fields.ts';
import { checkRuleSet, type Rule } from './rule-schema.ts';

const RULES: Rule[] = checkRuleSet(DEFAULT_RULE_SET).rules.map((r) => ({ ...r, version: 1 }));

function facts(over: Partial<UrlFacts> = {}): UrlFacts {
  return {
    urlId: 1,
    status: 'new',
    canonical: 'https://saison-card.login-check.example/jp/',
    host: 'saison-card.login-check.example',
    domain: 'login-check.example',
    tld: 'example',
    scheme: 'https',
    features: [],
    firstSeen: 0,
    reports: 1,
    reporters: 1,
    sources: [{ id: 1, trust: 'public' }],
    brand: { slug: 'saison', confidence: 0.93, evidenceKind: 'keyword-subdomain' },
    allowlisted: false,
    official: false,
    decidedByPerson: false,
    liveness: { state: 'live', checks: 1 },
    capture: { ok: true, passwordField: true, cardField: true, finalOffDomain: false, mobileOnlyForm: false },
    ...over,
  };
}

describe('the default rule set', () => {
  it('confirms a live card-company kit with password and card fields, and puts it high in the queue', () => {
    const d = decide(RULES, facts());
    expect(d.verdict).toMatchObject({ action: 'confirm', rule: { id: 'live-credential-kit' } });
    expect(d.verdict?.evidence).toMatchObject({ 'liveness.state': 'live', 'capture.passwordField': true });
    expect(d.priority).toMatchObject({ value: 80, rule: { id: 'live-brand-priority' } });
  });

  it('leaves a page without credential fields, a low-confidence brand or no capture to people', () => {
    expect(decide(RULES, facts({ capture: null })).verdict).toBeNull();
    const plain = {
      ok: true,
      passwordField: false,
      cardField: false,
      finalOffDomain: false,
      mobileOnlyForm: false,
    };
    expect(decide(RULES, facts({ capture: plain })).verdict).toBeNull();
    expect(
      decide(RULES, facts({ brand: { slug: 'saison', confidence: 0.6, evidenceKind: 'keyword-path' } }))
        .verdict,
    ).toBeNull();
  });

  it('never confirms an allowlisted or official URL; an official one is benign', () => {
    expect(decide(RULES, facts({ allowlisted: true })).verdict).toBeNull();
    const trusted = [
      { id: 1, trust: 'trusted' },
      { id: 2, trust: 'confirmed' },
    ];
    expect(decide(RULES, facts({ allowlisted: true, sources: trusted })).verdict).toBeNull();
    expect(decide(RULES, facts({ official: true, sources: trusted })).verdict).toMatchObject({
      action: 'benign',
      rule: { id: 'official-benign' },
    });
  });

  it('confirms on two trusted sources; never acts on a URL a person decided', () => {
    const two = [
      { id: 1, trust: 'trusted' },
      { id: 2, trust: 'trusted' },
    ];
    expect(decide(RULES, facts({ sources: two, liveness: null, capture: null })).verdict?.rule.id).toBe(
      'two-trusted-sources',
    );
    expect(decide(RULES, facts({ sources: two, decidedByPerson: true })).verdict).toBeNull();
    expect(decide(RULES, facts({ status: 'benign' })).verdict).toBeNull();
  });

  it('asks for information when a needs_info rule matches, once', () => {
    const ask: Rule = {
      id: 'down-unattributed',
      version: 1,
      description: '',
      enabled: true,
      when: {
        all: [
          { field: 'liveness.state', op: 'eq', value: 'down' },
          { field: 'brand.known', op: 'eq', value: false },
        ],
      },
      action: { type: 'needs_info' },
    };
    const down = facts({ brand: null, liveness: { state: 'down', checks: 2 }, capture: null });
    expect(decide([ask], down).verdict).toMatchObject({ action: 'needs_info' });
    expect(decide([ask], { ...down, status: 'needs_info' }).verdict).toBeNull();
  });
});

describe('checkRuleSet', () => {
  const rule = (when: unknown, action: unknown = { type: 'confirm' }) => ({
    rules: [{ id: 'r', when, action }],
  });
  it('refuses unknown fields, wrong operators and values, and confirm rules asking for protected URLs', () => {
    expect(() => checkRuleSet(rule({ field: 'x.y', op: 'eq', value: 1 }))).toThrow(
      expect.objectContaining({ code: 'rule.unknown_field' }),
    );
    expect(() => checkRuleSet(rule({ field: 'liveness.state', op: 'eq', value: 'maybe' }))).toThrow(
      expect.objectContaining({ code: 'rule.invalid' }),
    );
    expect(() => checkRuleSet(rule({ field: 'brand.confidence', op: 'gte', value: 'high' }))).toThrow(
      expect.objectContaining({ code: 'rule.invalid' }),
    );
    expect(() => checkRuleSet(rule({ not: { field: 'url.official', op: 'eq', value: false } }))).toThrow(
      expect.objectContaining({ code: 'rule.confirms_protected' }),
    );
    expect(() =>
      checkRuleSet(rule({ field: 'url.allowlisted', op: 'eq', value: true }, { type: 'benign' })),
    ).not.toThrow();
    expect(() => checkRuleSet(rule({ field: 'url.allowlisted', op: 'eq', value: false }))).not.toThrow();
  });
});
