import { describe, expect, it } from 'vitest';
import { KIND, smoothedPrecision, URL_CONFIDENCE, URL_EVIDENCE_KINDS, urlConfidence } from './calibration.ts';

describe('URL confidence calibration', () => {
  it('has a measured value below 1 for every kind', () => {
    for (const k of URL_EVIDENCE_KINDS) {
      expect(URL_CONFIDENCE[k]).toBeGreaterThan(0.5);
      expect(URL_CONFIDENCE[k]).toBeLessThan(1);
    }
  });

  it('pulls small samples towards the overall precision and rounds down', () => {
    expect(smoothedPrecision(20, 20)).toBe(0.94); // 20 of 20 right is not 100 %
    expect(smoothedPrecision(900, 1000)).toBe(0.9);
    expect(smoothedPrecision(0, 0)).toBe(0.92);
  });

  it('takes corroboration (host and path agree) over the strongest kind', () => {
    expect(urlConfidence(KIND['keyword-path'], 1)).toBe(URL_CONFIDENCE['keyword-path']);
    expect(urlConfidence(KIND['keyword-path'], 2)).toBe(URL_CONFIDENCE.corroborated);
  });
});
