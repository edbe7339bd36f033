import { AppError } from '../errors.ts';

export const CASE_STATES = ['open', 'requested', 'acknowledged', 'escalated', 'down', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * open → requested → acknowledged → down | escalated | closed (not actionable). `requested` and
 * `escalated` are only reached by sending a request (which re-checks the site first); a site that comes
 * back reopens its case (down → open), and an analyst may reopen a closed one.
 */
const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  open: ['requested', 'down', 'closed'],
  requested: ['acknowledged', 'escalated', 'down', 'closed'],
  acknowledged: ['escalated', 'down', 'closed'],
  escalated: ['acknowledged', 'escalated', 'down', 'closed'],
  down: ['open'],
  closed: ['open'],
};

/** States in which the site is still being pursued (a liveness "down" moves these to down). */
export const ACTIVE_STATES: readonly CaseState[] = ['open', 'requested', 'acknowledged', 'escalated'];

export function canTransition(from: CaseState, to: CaseState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: string, to: CaseState): asserts from is CaseState {
  if (!(CASE_STATES as readonly string[]).includes(from) || !canTransition(from as CaseState, to)) {
    throw new AppError('takedown.invalid_transition', `a case cannot go from ${from} to ${to}`, { from, to });
  }
}
