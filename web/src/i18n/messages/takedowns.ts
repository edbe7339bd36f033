/** Messages of the takedowns screens and pages. Keys start with 'takedowns.'; every key in both languages. */
export const ja = {} as const;

export const en: Record<keyof typeof ja, string> = {};
