import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamps.ts';

describe('parseTimestamp', () => {
  it('reads the forms feeds use', () => {
    expect(parseTimestamp('2024-01-30T10:12:45+00:00')).toBe(Date.UTC(2024, 0, 30, 10, 12, 45));
    expect(parseTimestamp('2024-01-30T19:12:45+0900')).toBe(Date.UTC(2024, 0, 30, 10, 12, 45));
    expect(parseTimestamp('2024-05-20T06:45:10.123Z')).toBe(Date.UTC(2024, 4, 20, 6, 45, 10, 123));
    expect(parseTimestamp('2024-05-22 07:22:05')).toBe(Date.UTC(2024, 4, 22, 7, 22, 5));
    expect(parseTimestamp('2024/05/22 16:22:05', '+09:00')).toBe(Date.UTC(2024, 4, 22, 7, 22, 5));
    expect(parseTimestamp('2024-05-22')).toBe(Date.UTC(2024, 4, 22));
    expect(parseTimestamp('1716190000')).toBe(1716190000_000);
    expect(parseTimestamp(1716190000123)).toBe(1716190000123);
  });

  it('refuses impossible or foreign values', () => {
    for (const v of [
      '2023-02-30',
      '2023-02-30T00:00:00Z',
      '2024-05-21 25:00:00',
      'yesterday',
      '',
      '12',
      null,
      {},
    ])
      expect(parseTimestamp(v)).toBeNull();
  });
});
