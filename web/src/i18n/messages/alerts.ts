/** Messages of the alerts screens and pages. Keys start with 'alerts.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
