/**
 * The one i18n catalogue, shared by the server-rendered public pages and the React console.
 * Japanese is the default language; every key must exist in both (a test checks).
 */
export const LANGUAGES = ['ja', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'ja';

const ja = {
  'app.name': 'phishdesk',
  'app.tagline': 'フィッシング対策情報センター',
  'nav.home': 'ホーム',
  'nav.report': 'フィッシングを報告する',
  'nav.check': 'URLをチェックする',
  'nav.console': '分析コンソール',
  'nav.language': 'English',
  'home.title': 'フィッシングの報告と対策',
  'home.intro':
    '不審なメール・SMS・サイトを見つけたら報告してください。報告は分析され、緊急情報の公開やサイトの閉鎖依頼に使われます。',
  'home.report_cta': '報告フォームへ',
  'footer.about': 'phishdesk はフィッシング対策のためのオープンソースの情報集約システムです。',
  'console.title': '分析コンソール',
  'console.welcome': 'ようこそ。左のメニューから作業を選んでください。',
  'console.nav.triage': 'トリアージ',
  'console.nav.campaigns': 'キャンペーン',
  'console.nav.brands': 'ブランド',
  'console.nav.sources': '情報源',
  'console.health.ok': 'システム正常',
  'console.health.down': 'システムに接続できません',
  'error.not_found': 'ページが見つかりません',
  'report.title': 'フィッシングを報告する',
  'report.intro':
    '不審なメール・SMS・サイトの情報をお寄せください。リンクはクリックせずに、そのままお知らせください。',
  'report.kind': '報告の種類',
  'report.kind.url': 'ウェブサイト（URL）',
  'report.kind.email': 'メール（本文またはソースを貼り付け、または .eml を添付）',
  'report.kind.sms': 'SMS（本文を貼り付け、またはスクリーンショットを添付）',
  'report.kind.text': 'その他（SNS・メッセージなど）',
  'report.content': '内容（URL、メールのソース、SMS の本文など）',
  'report.sender': '送信元（電話番号・差出人名など、分かれば）',
  'report.subject': 'メールの件名（分かれば）',
  'report.attachments': 'スクリーンショットまたは .eml ファイル（最大5件）',
  'report.contact_email': '連絡先メールアドレス（任意。返信が必要な場合のみ）',
  'report.consent_police': 'この報告を警察に提供することに同意します',
  'report.consent_brand': 'この報告をなりすまされた事業者に提供することに同意します',
  'report.submit': '報告する',
  'report.error': '報告を受け付けられませんでした: {message}',
  'report.thanks.title': 'ご報告ありがとうございました',
  'report.thanks.body': '報告を受け付けました。受付番号は次のとおりです。',
  'report.thanks.number': '受付番号',
  'report.thanks.status': '処理状況を確認する',
  'report.thanks.another': '続けて報告する',
  'report.damage_hint':
    '情報を入力してしまった、またはお金を支払ってしまった場合は、すぐにカード会社・銀行に連絡し、パスワードを変更してください。緊急の場合は110番へ。',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.name': 'phishdesk',
  'app.tagline': 'Phishing countermeasure clearinghouse',
  'nav.home': 'Home',
  'nav.report': 'Report phishing',
  'nav.check': 'Check a URL',
  'nav.console': 'Analyst console',
  'nav.language': '日本語',
  'home.title': 'Report and counter phishing',
  'home.intro':
    'If you find a suspicious e-mail, SMS or website, report it. Reports are analysed and used for public alerts and takedown requests.',
  'home.report_cta': 'Go to the report form',
  'footer.about': 'phishdesk is an open-source clearinghouse for phishing countermeasures.',
  'console.title': 'Analyst console',
  'console.welcome': 'Welcome. Choose a task from the menu.',
  'console.nav.triage': 'Triage',
  'console.nav.campaigns': 'Campaigns',
  'console.nav.brands': 'Brands',
  'console.nav.sources': 'Sources',
  'console.health.ok': 'System healthy',
  'console.health.down': 'Cannot reach the system',
  'error.not_found': 'Page not found',
  'report.title': 'Report phishing',
  'report.intro':
    'Tell us about a suspicious e-mail, SMS or website. Do not click the links; just pass them on.',
  'report.kind': 'What are you reporting?',
  'report.kind.url': 'A website (URL)',
  'report.kind.email': 'An e-mail (paste the text or source, or attach the .eml)',
  'report.kind.sms': 'An SMS (paste the text, or attach a screenshot)',
  'report.kind.text': 'Something else (social media, messengers…)',
  'report.content': 'Content (URL, e-mail source, SMS text…)',
  'report.sender': 'Sender (phone number or name, if known)',
  'report.subject': 'E-mail subject (if known)',
  'report.attachments': 'Screenshots or .eml files (up to 5)',
  'report.contact_email': 'Your e-mail address (optional, only if you want a reply)',
  'report.consent_police': 'I agree that this report may be passed to the police',
  'report.consent_brand': 'I agree that this report may be passed to the impersonated organisation',
  'report.submit': 'Send report',
  'report.error': 'We could not accept the report: {message}',
  'report.thanks.title': 'Thank you for your report',
  'report.thanks.body': 'Your report has been received. Its number is:',
  'report.thanks.number': 'Report number',
  'report.thanks.status': 'Check its status',
  'report.thanks.another': 'Report something else',
  'report.damage_hint':
    'If you entered your details or paid money, contact your card company or bank now and change your passwords. In an emergency call 110.',
};

export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { ja, en };
