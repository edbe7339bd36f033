/** Messages of the triage screens and pages. Keys start with 'triage.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
