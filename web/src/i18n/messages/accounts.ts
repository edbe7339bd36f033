/** Messages of the accounts screens and pages. Keys start with 'accounts.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
