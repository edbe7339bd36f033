/** Messages of the monthly screens and pages. Keys start with 'monthly.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
