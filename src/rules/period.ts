import { AppError } from '../errors.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [from, to] as whole UTC days (YYYY-MM-DD, both included) → [start ms, end ms). */
export function dayRange(from: string, to: string): { from: number; to: number } {
  const parse = (s: string, name: string) => {
    const m = DAY.exec(s);
    const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
    if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s)
      throw new AppError('request.invalid', `${name} is a day YYYY-MM-DD, not "${s}"`);
    return t;
  };
  const start = parse(from, 'from');
  const end = parse(to, 'to') + 86_400_000;
  if (end <= start) throw new AppError('request.invalid', 'to is on or after from');
  return { from: start, to: end };
}
