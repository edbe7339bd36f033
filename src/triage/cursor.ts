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

/** The triage queue's orders: by priority (then newest), or newest first. */
export const QUEUE_SORTS = ['priority', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** Where a queue page ends, in the keys of its order (`p`: the priority score, priority order only). */
export type QueueKey = { t: number; id: number; p?: number };

/** Opaque: newest first keeps the `t:id` form of encodeCursor (links already shared stay valid). */
export function encodeQueueCursor(sort: QueueSort, key: QueueKey): string {
  return sort === 'newest'
    ? encodeCursor(key.t, key.id)
    : Buffer.from(`p:${key.p ?? 0}:${key.t}:${key.id}`).toString('base64url');
}

/**
 * A queue cursor for this order. A cursor of the other order is refused (400
 * `triage.cursor_sort_mismatch`): its keys would silently skip or repeat rows in this one.
 */
export function decodeQueueCursor(cursor: string | undefined, sort: QueueSort): QueueKey | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const byPriority = /^p:(\d{1,10}):(-?\d{1,16}):(\d{1,16})$/.exec(text);
  const isNewest = /^(-?\d{1,16}):(\d{1,16})$/.test(text);
  if ((byPriority && sort === 'newest') || (isNewest && sort === 'priority'))
    throw new AppError('triage.cursor_sort_mismatch', `this cursor belongs to another sort than ${sort}`, {
      sort,
    });
  if (byPriority) return { p: Number(byPriority[1]), t: Number(byPriority[2]), id: Number(byPriority[3]) };
  return decodeCursor(cursor);
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
