import { describe, expect, it } from 'vitest';
import { reportOutcome, urlOutcome } from './outcome.rules.ts';

describe('outcome rules', () => {
  it('reads a URL from its verdict and its latest takedown case', () => {
    expect(urlOutcome('new', null)).toBe('under_review');
    expect(urlOutcome('needs_info', null)).toBe('needs_info');
    expect(urlOutcome('confirmed', null)).toBe('confirmed');
    expect(urlOutcome('confirmed', 'requested')).toBe('confirmed');
    expect(urlOutcome('confirmed', 'down')).toBe('taken_down');
    expect(urlOutcome('benign', null)).toBe('benign');
    expect(urlOutcome('allowlisted', null)).toBe('benign');
    expect(urlOutcome('duplicate', null)).toBe('under_review');
  });

  it('is final for the report only when every URL is', () => {
    expect(reportOutcome('received', [])).toBe('received');
    expect(reportOutcome('processed', [])).toBe('under_review');
    expect(reportOutcome('processed', ['confirmed', 'under_review'])).toBe('under_review');
    expect(reportOutcome('processed', ['confirmed', 'needs_info'])).toBe('needs_info');
    expect(reportOutcome('processed', ['benign', 'confirmed'])).toBe('confirmed');
    expect(reportOutcome('processed', ['confirmed', 'taken_down'])).toBe('taken_down');
    expect(reportOutcome('processed', ['benign'])).toBe('benign');
  });
});
