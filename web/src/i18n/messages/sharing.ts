/** Messages of the sharing screens and pages. Keys start with 'sharing.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
