/** Messages of the sharing screens and pages. Keys start with 'sharing.'; every key in both languages. */
export const ja = {
  'sharing.check.title': 'URLをチェックする',
  'sharing.check.intro':
    '届いたメールやSMSのURLを貼り付けてください。確認済みのフィッシングサイトの一覧と照合します。リンクは開きません。',
  'sharing.check.label': 'チェックするURL',
  'sharing.check.submit': 'チェック',
  'sharing.check.checked': 'チェックしたURL（安全のため無効化して表示）',
  'sharing.check.phishing':
    'フィッシングサイトとして確認されています。開かないでください。情報を入力した場合は、すぐにパスワードの変更やカード会社への連絡をしてください。',
  'sharing.check.unknown':
    '確認済みのフィッシングサイトの一覧にはありません。ただし、安全とは限りません。少しでも不審な点があれば開かずに報告してください。',
  'sharing.check.allowlisted': '正規のサービスとして登録されているドメインです。',
  'sharing.check.invalid': 'URLとして読み取れませんでした: {reason}',
  'sharing.check.report_cta': 'このURLを報告する',
  'sharing.check.matches': '一致した項目',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'sharing.check.title': 'Check a URL',
  'sharing.check.intro':
    'Paste the URL from an e-mail or SMS you received. We compare it with the list of confirmed phishing sites. The link is never opened.',
  'sharing.check.label': 'URL to check',
  'sharing.check.submit': 'Check',
  'sharing.check.checked': 'URL checked (shown defanged for safety)',
  'sharing.check.phishing':
    'This is a confirmed phishing site. Do not open it. If you entered any information, change your password or call your card company now.',
  'sharing.check.unknown':
    'This URL is not on the list of confirmed phishing sites. That does not make it safe: if anything looks odd, do not open it and report it.',
  'sharing.check.allowlisted': 'This domain is registered as a legitimate service.',
  'sharing.check.invalid': 'This could not be read as a URL: {reason}',
  'sharing.check.report_cta': 'Report this URL',
  'sharing.check.matches': 'Matching entries',
};
