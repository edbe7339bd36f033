import { describe, expect, it } from 'vitest';
import type { Principal } from '../accounts/principal.ts';
import { effectiveTlp, shareClearance, visibleLevels } from './tlp-policy.ts';

const principal = (role: Principal['role'], tlpClearance: Principal['tlpClearance']): Principal => ({
  kind: 'api-key',
  userId: 1,
  apiKeyId: 1,
  role,
  displayName: 'x',
  organisationId: null,
  brandIds: [],
  tlpClearance,
});

describe('effectiveTlp', () => {
  it('takes the least restrictive marking of the reports', () => {
    expect(effectiveTlp(['red', 'amber'], 'clear')).toBe('amber');
    expect(effectiveTlp(['red', 'green', 'amber'], 'clear')).toBe('green');
    expect(effectiveTlp(['red'], 'clear')).toBe('red');
  });
  it('counts an unmarked report as the configured default', () => {
    expect(effectiveTlp(['red', null], 'clear')).toBe('clear');
    expect(effectiveTlp(['red', null], 'amber')).toBe('amber');
    expect(effectiveTlp([null], 'green')).toBe('green');
    expect(effectiveTlp([], 'green')).toBe('green');
  });
  it('reads TLP 1.0 names and fails closed on unknown markings', () => {
    expect(effectiveTlp(['WHITE'], 'red')).toBe('clear');
    expect(effectiveTlp(['tlp:amber+strict'], 'red')).toBe('amber');
    expect(effectiveTlp(['purple'], 'clear')).toBe('red');
  });
});

describe('shareClearance', () => {
  it('gives RED to staff only, caps keys at AMBER and the public at CLEAR', () => {
    expect(shareClearance(null)).toBe('clear');
    expect(shareClearance(principal('analyst', 'red'))).toBe('red');
    expect(shareClearance(principal('admin', 'red'))).toBe('red');
    expect(shareClearance(principal('partner', 'red'))).toBe('amber');
    expect(shareClearance(principal('partner', 'amber'))).toBe('amber');
    expect(shareClearance(principal('partner', 'green'))).toBe('green');
    expect(shareClearance(principal('brand', 'clear'))).toBe('clear');
    expect(visibleLevels('green')).toEqual(['clear', 'green']);
  });
});
