/** Messages of the campaigns screens and pages. Keys start with 'campaigns.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
