/**
 * The period a statistics request covers. Months and days are calendar units in Japan Standard Time
 * (Asia/Tokyo, UTC+9, no daylight saving time), as in the Council's monthly report: a report belongs to
 * the month of its `reported_at` (when the source says the phishing was seen; for JPCERT/CC rows, the
 * confirmation date) read in JST. Every range is half-open: [from, to) in epoch milliseconds.
 */
import { AppError } from '../errors.ts';

export const STATS_TIMEZONE = 'Asia/Tokyo';
const JST_OFFSET_MS = 9 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** Longest range served in one request: a year (leap years included). */
export const MAX_RANGE_DAYS = 366;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type PeriodRequest = { month: string } | { from: string; to: string };

export type Range = {
  /** 'YYYY-MM' for a month, 'YYYY-MM-DD..YYYY-MM-DD' (both days included) for a range. */
  label: string;
  from: number;
  to: number;
  /** YYYYMM when the range is exactly one JST month (the key of stats_month_urls), else null. */
  monthKey: number | null;
};

export type Period = Range & { previous: Range };

/** Epoch ms of 00:00 JST on the given calendar day (month may overflow, Date.UTC normalises it). */
function jstMidnight(year: number, month1: number, day: number): number {
  return Date.UTC(year, month1 - 1, day) - JST_OFFSET_MS;
}

/** The JST calendar day of an instant, as 'YYYY-MM-DD'. */
export function jstDate(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The JST month of an instant, as 'YYYY-MM'. */
export function jstMonth(ms: number): string {
  return jstDate(ms).slice(0, 7);
}

function checkYear(year: number, input: string): void {
  // Far outside anything we store; also keeps Date arithmetic away from its limits.
  if (year < 1990 || year > 2200) throw new AppError('request.invalid', `year out of range: "${input}"`);
}

export function monthRange(month: string): Range {
  const m = MONTH_RE.exec(month);
  if (!m) throw new AppError('request.invalid', `month must be YYYY-MM, got "${month.slice(0, 40)}"`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  checkYear(year, month);
  return {
    label: month,
    from: jstMidnight(year, mon, 1),
    to: jstMidnight(year, mon + 1, 1),
    monthKey: year * 100 + mon,
  };
}

function parseDay(value: string, name: string): number {
  const m = DATE_RE.exec(value);
  if (!m) throw new AppError('request.invalid', `${name} must be YYYY-MM-DD, got "${value.slice(0, 40)}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  checkYear(y, value);
  const ms = jstMidnight(y, mo, d);
  // Date.UTC accepts 2023-02-31 (as 2023-03-03): refuse what is not a real calendar day.
  if (jstDate(ms) !== value)
    throw new AppError('request.invalid', `${name} is not a calendar day: "${value}"`);
  return ms;
}

/**
 * A month, or a range of JST days with both ends included. The previous period is the calendar month
 * before for a month, and the same number of days right before `from` for a range.
 */
export function resolvePeriod(request: PeriodRequest): Period {
  if ('month' in request) {
    const current = monthRange(request.month);
    const [y, m] = request.month.split('-').map(Number) as [number, number];
    const prevMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    return { ...current, previous: monthRange(prevMonth) };
  }
  const from = parseDay(request.from, 'from');
  const to = parseDay(request.to, 'to') + DAY_MS;
  if (to <= from) throw new AppError('request.invalid', '"to" must not be before "from"');
  const days = Math.round((to - from) / DAY_MS);
  if (days > MAX_RANGE_DAYS)
    throw new AppError('request.invalid', `a range covers at most ${MAX_RANGE_DAYS} days, got ${days}`);
  const prevFrom = from - days * DAY_MS;
  return {
    label: `${request.from}..${request.to}`,
    from,
    to,
    monthKey: null,
    previous: {
      label: `${jstDate(prevFrom)}..${jstDate(from - DAY_MS)}`,
      from: prevFrom,
      to: from,
      monthKey: null,
    },
  };
}

/** A period request from loose inputs (query string, CLI options): a month, or both ends of a range. */
export function periodRequestFrom(input: { month?: string; from?: string; to?: string }): PeriodRequest {
  const { month, from, to } = input;
  if (month !== undefined && (from !== undefined || to !== undefined))
    throw new AppError('request.invalid', 'give either a month or a from/to range, not both');
  if (month !== undefined) return { month };
  if (from !== undefined && to !== undefined) return { from, to };
  throw new AppError('request.invalid', 'give a month (YYYY-MM) or both from and to (YYYY-MM-DD)');
}
