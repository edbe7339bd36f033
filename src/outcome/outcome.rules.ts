/** What became of a public report, in the reporter's words (one per reported URL, and one overall). */
export const OUTCOMES = [
  'received',
  'under_review',
  'needs_info',
  'confirmed',
  'taken_down',
  'benign',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes after which nothing the reporter would care about changes: the one e-mail goes out. */
export const FINAL_OUTCOMES: readonly Outcome[] = ['confirmed', 'taken_down', 'benign'];

/**
 * A URL's outcome from its triage status and its latest takedown case's state. An allowlisted URL is an
 * official site: benign to the reporter. A duplicate is decided on the URL it duplicates, which this
 * report does not name: it stays under review rather than telling the reporter something unsure.
 */
export function urlOutcome(status: string, caseState: string | null): Outcome {
  switch (status) {
    case 'confirmed':
      return caseState === 'down' ? 'taken_down' : 'confirmed';
    case 'benign':
    case 'allowlisted':
      return 'benign';
    case 'needs_info':
      return 'needs_info';
    default:
      return 'under_review';
  }
}

/**
 * The report's outcome: not yet analysed is `received`; a report with no URL (or one that could not be
 * analysed) is under review by a person. Otherwise final only when every URL is final, and then the
 * strongest of them (taken down, confirmed, benign) speaks for the report; else the least advanced one.
 */
export function reportOutcome(reportStatus: string, urls: readonly Outcome[]): Outcome {
  if (reportStatus === 'received') return 'received';
  if (urls.length === 0) return 'under_review';
  if (urls.every((o) => FINAL_OUTCOMES.includes(o))) {
    for (const o of ['taken_down', 'confirmed', 'benign'] as const) if (urls.includes(o)) return o;
  }
  return urls.includes('needs_info') ? 'needs_info' : 'under_review';
}
