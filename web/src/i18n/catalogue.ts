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
};

export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { ja, en };
