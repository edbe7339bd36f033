/** Messages of the victim screens and pages. Keys start with 'victim.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
