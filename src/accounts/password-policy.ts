import { COMMON_PASSWORDS } from './common-passwords.ts';

/** Why a password of acceptable length is still refused, or null when it is fine. */
export type WeakPasswordReason = 'blank' | 'repetitive' | 'contains_email' | 'common';

const COMMON = new Set(COMMON_PASSWORDS);

/** Keyboard rows, alphabet and digit runs, both ways: "qwertyuiop", "987654321" are refused. */
const SEQUENCES = [
  '012345678901234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qazwsxedcrfvtgbyhnujmikolp',
].flatMap((s) => [s, [...s].reverse().join('')]);

/** A few digits or symbols around a stem ("password1234", "!welcome2026!") are no real addition. */
const AFFIX = /^[\d\W_]{0,6}(.*?)[\d\W_]{0,6}$/su;

function looksCommon(lower: string): boolean {
  const stem = AFFIX.exec(lower)?.[1] ?? lower;
  if (COMMON.has(lower) || COMMON.has(stem)) return true;
  return [lower, stem].some((s) => s.length >= 8 && SEQUENCES.some((q) => q.includes(s)));
}

/**
 * NIST SP 800-63B §5.1.1.2: besides the length, refuse what attackers try first: blanks, one character (or
 * a handful) repeated, the account's own e-mail address or its local part, and the most common passwords
 * and keyboard runs. The length limits stay with the caller.
 */
export function weakPasswordReason(password: string, email?: string): WeakPasswordReason | null {
  if (password.trim() === '') return 'blank';
  const lower = password.normalize('NFKC').toLowerCase();
  if (new Set(lower.replace(/\s/gu, '')).size < 5) return 'repetitive';
  if (email) {
    const e = email.toLowerCase();
    const local = e.split('@')[0] ?? '';
    // A short local part ("ana") would refuse honest passphrases ("banana split…"): only equal to it then.
    if (lower.includes(e) || lower === local || (local.length >= 4 && lower.includes(local)))
      return 'contains_email';
  }
  if (looksCommon(lower) || looksCommon(lower.replace(/\s/gu, ''))) return 'common';
  return null;
}
