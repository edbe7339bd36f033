import { AppError } from '../errors.ts';
import type { UrlStatus } from './url-summary.ts';

export const VERDICTS = ['confirmed', 'benign', 'duplicate', 'needs_info'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Which verdict may follow which status. Nothing returns to 'new'; corrections need a reason like any verdict. */
export const TRANSITIONS: Record<UrlStatus, readonly Verdict[]> = {
  new: ['confirmed', 'benign', 'duplicate', 'needs_info'],
  needs_info: ['confirmed', 'benign', 'duplicate'],
  confirmed: ['benign', 'duplicate'],
  benign: ['confirmed'],
  duplicate: ['confirmed', 'benign'],
  allowlisted: ['confirmed', 'benign'],
};

export function canTransition(from: string, to: Verdict): boolean {
  return (TRANSITIONS[from as UrlStatus] ?? []).includes(to);
}

/** The reason, trimmed; throws triage.reason_required when there is none. */
export function requireReason(reason: string | undefined | null): string {
  const r = (reason ?? '').trim();
  if (!r) throw new AppError('triage.reason_required', 'a verdict needs a reason');
  return r.slice(0, 2000);
}
