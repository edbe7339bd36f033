import { describe, expect, it } from 'vitest';
import { weakPasswordReason } from './password-policy.ts';

describe('weak password rules', () => {
  const email = 'hanako.yamada@example.co.jp';
  it.each([
    ['            ', 'blank'],
    ['\t\t\t\t\t\t\t\t\t\t\t\t', 'blank'],
    ['aaaaaaaaaaaa', 'repetitive'],
    ['ababababababab', 'repetitive'],
    ['123412341234', 'repetitive'],
    ['hanako.yamada@example.co.jp', 'contains_email'],
    ['HANAKO.YAMADA@example.co.jp!', 'contains_email'],
    ['my hanako.yamada pass', 'contains_email'],
    ['password1234', 'common'],
    ['Password!2026', 'common'],
    ['qwertyuiop12', 'common'],
    ['123456789012', 'common'],
    ['0987654321098', 'common'],
    ['abcdefghijklmn', 'common'],
    ['welcome 2026!', 'common'],
    ['ｐａｓｓｗｏｒｄ１２３４', 'common'],
  ] as const)('refuses %j (%s)', (password, reason) => {
    expect(weakPasswordReason(password, email)).toBe(reason);
  });

  it.each([
    'correct horse battery staple',
    'a brand new password',
    'banana split forever', // contains a short local part of another address: fine
    'xyz!98213765',
    '富士山に登る日が来た',
    'Tr0ub4dor&3-lighthouse',
  ])('accepts %j', (password) => {
    expect(weakPasswordReason(password, email)).toBeNull();
    expect(weakPasswordReason(password, 'ana@example.test')).toBeNull();
  });
});
