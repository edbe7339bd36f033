import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { jstMonth, periodRequestFrom, resolvePeriod } from './period.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('statistics periods (JST)', () => {
  it('turns a month into JST midnight boundaries, with the calendar month before', () => {
    const p = resolvePeriod({ month: '2024-01' });
    expect([iso(p.from), iso(p.to)]).toEqual(['2023-12-31T15:00:00.000Z', '2024-01-31T15:00:00.000Z']);
    expect(p.previous.label).toBe('2023-12');
    expect([iso(p.previous.from), iso(p.previous.to)]).toEqual([
      '2023-11-30T15:00:00.000Z',
      '2023-12-31T15:00:00.000Z',
    ]);
    const feb = resolvePeriod({ month: '2024-02' });
    expect((feb.to - feb.from) / 86_400_000).toBe(29);
  });

  it('puts an instant in the JST month, not the UTC one', () => {
    expect(jstMonth(Date.UTC(2024, 2, 31, 15, 0, 0))).toBe('2024-04');
    expect(jstMonth(Date.UTC(2024, 2, 31, 14, 59, 59, 999))).toBe('2024-03');
  });

  it('takes a range of days with both ends included and the same length before it', () => {
    const p = resolvePeriod({ from: '2024-03-01', to: '2024-03-07' });
    expect([iso(p.from), iso(p.to)]).toEqual(['2024-02-29T15:00:00.000Z', '2024-03-07T15:00:00.000Z']);
    expect(p.previous).toMatchObject({ label: '2024-02-23..2024-02-29', to: p.from });
    expect(resolvePeriod({ from: '2024-01-01', to: '2024-12-31' }).to).toBeGreaterThan(0);
  });

  it('refuses what is not a month, a calendar day or a sensible range', () => {
    const bad = [
      () => resolvePeriod({ month: '2024-00' }),
      () => resolvePeriod({ month: '202404' }),
      () => resolvePeriod({ month: '1900-01' }),
      () => resolvePeriod({ from: '2023-02-29', to: '2023-03-01' }),
      () => resolvePeriod({ from: '2024-03-02', to: '2024-03-01' }),
      () => resolvePeriod({ from: '2024-01-01', to: '2025-01-01' }),
      () => periodRequestFrom({}),
      () => periodRequestFrom({ from: '2024-01-01' }),
      () => periodRequestFrom({ month: '2024-01', to: '2024-01-02' }),
    ];
    for (const f of bad) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code, f.toString()).toBe('request.invalid');
    }
  });
});
