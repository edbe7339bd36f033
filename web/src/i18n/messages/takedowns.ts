/** Messages of the takedowns screens and pages. Keys start with 'takedowns.'; every key in both languages. */
export const ja = {
  'takedowns.state.open': '未対応',
  'takedowns.state.requested': '閉鎖依頼済み',
  'takedowns.state.acknowledged': '先方確認済み',
  'takedowns.state.escalated': 'エスカレーション済み',
  'takedowns.state.down': '停止確認',
  'takedowns.state.closed': '対応不要としてクローズ',
  'takedowns.mail.subject': '【フィッシングサイト閉鎖のお願い】{host}（案件番号 {caseId}）',
  'takedowns.mail.subject_escalation':
    '【再依頼：フィッシングサイト閉鎖のお願い】{host}（案件番号 {caseId}）',
  'takedowns.mail.greeting': 'ご担当者様',
  'takedowns.mail.intro':
    '{organisation} です。貴組織が管理するサービス上で、以下のフィッシングサイトが稼働していることを確認しました。利用者の被害を防ぐため、サイトの停止（コンテンツの削除またはドメインの利用停止）をご検討いただけますようお願いいたします。',
  'takedowns.mail.intro_escalation':
    '{organisation} です。{requestedAt} にご連絡した以下のフィッシングサイトが、現在も稼働していることを確認しました。あらためて停止をご検討いただけますようお願いいたします。',
  'takedowns.mail.url': 'URL（誤クリック防止のため無害化表記）: {url}',
  'takedowns.mail.checked_at': '稼働確認日時: {time}（日本時間）',
  'takedowns.mail.http': '応答: HTTP {status}、接続先 IP アドレス {address}',
  'takedowns.mail.title': 'ページタイトル: {title}',
  'takedowns.mail.fields': '入力を求められる項目: {fields}',
  'takedowns.mail.brand': 'なりすまされている組織: {brand}',
  'takedowns.mail.chain': 'リダイレクト経路: {chain}',
  'takedowns.mail.attachment': '添付: {time}（日本時間）に取得したスクリーンショット（SHA-256: {sha256}）',
  'takedowns.mail.no_capture': '画面の取得に失敗したため、スクリーンショットは添付していません。',
  'takedowns.mail.reply':
    '対応状況をご返信いただけますと幸いです。本メールに心当たりがない場合はお知らせください。',
  'takedowns.mail.signature': '{organisation}\n{baseUrl}',
  'takedowns.status.live': '{time} 時点でフィッシングサイトは稼働中です',
  'takedowns.status.live_requested': '{time} 時点でフィッシングサイトは稼働中で、閉鎖依頼を行っています',
  'takedowns.status.live_escalated':
    '{time} 時点でフィッシングサイトは稼働中で、関係機関を通じて閉鎖依頼を行っています',
  'takedowns.status.down': '{time} 時点でフィッシングサイトの停止を確認しています',
  'takedowns.status.unknown': 'フィッシングサイトの稼働状況はまだ確認されていません',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'takedowns.state.open': 'Open',
  'takedowns.state.requested': 'Takedown requested',
  'takedowns.state.acknowledged': 'Acknowledged',
  'takedowns.state.escalated': 'Escalated',
  'takedowns.state.down': 'Down',
  'takedowns.state.closed': 'Closed (not actionable)',
  'takedowns.mail.subject': 'Phishing site takedown request: {host} (case {caseId})',
  'takedowns.mail.subject_escalation': 'Second request: phishing site takedown: {host} (case {caseId})',
  'takedowns.mail.greeting': 'Dear abuse team,',
  'takedowns.mail.intro':
    'This is {organisation}. We have confirmed that the phishing site below is live on a service you operate. To protect its victims, please consider taking it down (removing the content or suspending the domain).',
  'takedowns.mail.intro_escalation':
    'This is {organisation}. The phishing site below, which we reported to you on {requestedAt}, is still live. We ask you again to consider taking it down.',
  'takedowns.mail.url': 'URL (defanged to prevent accidental clicks): {url}',
  'takedowns.mail.checked_at': 'Confirmed live at: {time} (JST)',
  'takedowns.mail.http': 'Response: HTTP {status} from IP address {address}',
  'takedowns.mail.title': 'Page title: {title}',
  'takedowns.mail.fields': 'The page asks for: {fields}',
  'takedowns.mail.brand': 'Impersonated organisation: {brand}',
  'takedowns.mail.chain': 'Redirect chain: {chain}',
  'takedowns.mail.attachment': 'Attached: screenshot captured at {time} JST (SHA-256: {sha256})',
  'takedowns.mail.no_capture': 'The page could not be captured, so no screenshot is attached.',
  'takedowns.mail.reply':
    'We would appreciate a reply on what you do. If this message reached you in error, please tell us.',
  'takedowns.mail.signature': '{organisation}\n{baseUrl}',
  'takedowns.status.live': 'As of {time} JST the phishing site is live',
  'takedowns.status.live_requested':
    'As of {time} JST the phishing site is live and a takedown has been requested',
  'takedowns.status.live_escalated':
    'As of {time} JST the phishing site is live and the takedown request has been escalated',
  'takedowns.status.down': 'As of {time} JST the phishing site has been confirmed to be down',
  'takedowns.status.unknown': 'The phishing site has not been checked yet',
};
