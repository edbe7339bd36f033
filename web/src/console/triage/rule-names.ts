import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translate } from '../../i18n/translate.ts';

const SEEDED = new Set([
  'official-benign',
  'two-trusted-sources',
  'live-credential-kit',
  'live-brand-priority',
  'many-reporters-priority',
  'lookalike-priority',
]);

/**
 * The name of a seeded default rule in the console's language, or null for a rule an admin wrote (its id
 * is the name the admin chose, shown as it is).
 */
export function ruleName(t: Translate, ruleId: string): string | null {
  return SEEDED.has(ruleId) ? t(`triage.rule.${ruleId}` as MessageKey) : null;
}
