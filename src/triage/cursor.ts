import { AppError } from '../errors.ts';

/** Opaque keyset cursor over (time, id), newest first. */
export function encodeCursor(t: number, id: number): string {
  return Buffer.from(`${t}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { t: number; id: number } | undefined {
  if (!cursor) return undefined;
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new AppError('request.invalid', 'bad cursor');
  return { t: Number(m[1]), id: Number(m[2]) };
}

const JST = 9 * 3600 * 1000;

/**
 * A filter bound: `YYYY-MM-DD` is a JST day (its start; with `end`, the start of the next day, so the day
 * is included), anything else an ISO time.
 */
export function parseBound(value: string | undefined, end = false): number | undefined {
  if (!value) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const t = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (end ? 1 : 0)) - JST;
    if (Number.isNaN(t)) throw new AppError('request.invalid', `not a date: ${value}`);
    return t;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AppError('request.invalid', `not a date or time: ${value}`);
  return t;
}
