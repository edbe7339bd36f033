/** Messages of a report's public status page and its outcome e-mail. Keys start with 'outcome.'. */
export const ja = {
  'outcome.title': '報告の処理状況',
  'outcome.consent': '結果が出たら、上のメールアドレスに一度だけ知らせてほしい（任意）',
  'outcome.number': '受付番号',
  'outcome.received_at': '受付日時: {time}（日本時間）',
  'outcome.overall': 'この報告の結果',
  'outcome.urls': '報告された URL ごとの結果',
  'outcome.no_urls': 'この報告から URL は見つかりませんでした。担当者が内容を確認します。',
  'outcome.defanged_note': 'URL は誤ってアクセスしないよう、クリックできない形で表示しています。',
  'outcome.privacy':
    'このページは受付番号を知っている人だけが開けます。受付番号は他の人に知らせないでください。',
  'outcome.state.received': '受け付けました。まもなく自動の分析が始まります。',
  'outcome.state.under_review': '確認中です。結果が出るまでお待ちください。',
  'outcome.state.needs_info': '判断のための情報が足りず、確認を続けています。',
  'outcome.state.confirmed':
    'フィッシングサイトと判断し、ブラウザ事業者やセキュリティ事業者などの連携先に共有しました。',
  'outcome.state.taken_down': 'フィッシングサイトと判断し、閉鎖を依頼した結果、サイトは閉鎖されました。',
  'outcome.state.benign': '調査の結果、フィッシングサイトではないと判断しました。',
  'outcome.mail.subject': '【{org}】ご報告（受付番号 {id}）の結果',
  'outcome.mail.body':
    'フィッシングのご報告ありがとうございました。\n\n受付番号: {id}\n結果: {outcome}\n\nURL ごとの結果は次のページでご覧になれます。\n{link}\n\nこのメールは報告時に結果の通知を希望された方に一度だけお送りしています。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'outcome.title': 'Status of your report',
  'outcome.consent': 'Tell me the outcome once, by e-mail to the address above (optional)',
  'outcome.number': 'Report number',
  'outcome.received_at': 'Received: {time} (Japan time)',
  'outcome.overall': 'Outcome of this report',
  'outcome.urls': 'Outcome per reported URL',
  'outcome.no_urls': 'No URL was found in this report. A person will look at it.',
  'outcome.defanged_note':
    'URLs are shown in a form that cannot be clicked, so nobody visits them by mistake.',
  'outcome.privacy':
    'Only someone who knows the report number can open this page. Please do not share the number.',
  'outcome.state.received': 'Received. Automatic analysis will start shortly.',
  'outcome.state.under_review': 'Under review. Please wait for the outcome.',
  'outcome.state.needs_info': 'There is not yet enough information to decide; we are still looking into it.',
  'outcome.state.confirmed':
    'Confirmed as phishing and shared with our partners (browser and security vendors, among others).',
  'outcome.state.taken_down': 'Confirmed as phishing; we asked for a takedown and the site is now down.',
  'outcome.state.benign': 'After review, we judged that this is not phishing.',
  'outcome.mail.subject': '[{org}] The outcome of your report (number {id})',
  'outcome.mail.body':
    'Thank you for reporting phishing.\n\nReport number: {id}\nOutcome: {outcome}\n\nThe outcome per URL is on this page:\n{link}\n\nWe send this e-mail once, because you asked to hear the outcome when you reported.',
};
