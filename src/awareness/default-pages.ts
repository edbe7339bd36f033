/**
 * The first version of each awareness page, shown until an editor saves one. Markdown (see markdown.tsx).
 */
export const AWARENESS_SLUGS = ['guidelines-users', 'guidelines-operators', 'faq', 'how-to-report'] as const;
export type AwarenessSlug = (typeof AWARENESS_SLUGS)[number];

export const DEFAULT_PAGES: Record<AwarenessSlug, Record<'ja' | 'en', { title: string; body: string }>> = {
  'guidelines-users': {
    ja: {
      title: '利用者向けガイドライン',
      body: `# フィッシングから身を守るために
- メールやSMSのリンクからログインしない。公式アプリやブックマークを使う。
- 「アカウント停止」「未払い」「荷物の不在」など、急がせる連絡は特に疑う。
- パスワードを使い回さない。多要素認証を有効にする。
- 迷惑メールフィルタ・迷惑SMSブロックを有効にする。

# 入力してしまったら
1. すぐにカード会社・銀行に連絡する。
2. パスワードを変更する。
3. [被害にあったときの手順](/victim)に沿って警察に相談する。緊急の場合は110番。`,
    },
    en: {
      title: 'Guidelines for users',
      body: `# Protect yourself
- Never sign in from a link in an e-mail or SMS; use the official app or a bookmark.
- Be most suspicious of messages that rush you: "account suspended", "unpaid", "missed delivery".
- Do not reuse passwords; turn on multi-factor authentication.
- Turn on spam mail and SMS filtering.

# If you entered your details
1. Call your card company or bank now.
2. Change your passwords.
3. Follow [what to do if you were caught](/victim) and consult the police. In an emergency call 110.`,
    },
  },
  'guidelines-operators': {
    ja: {
      title: 'サイト運営者向けガイドライン',
      body: `# なりすましを防ぐために
- 送信ドメイン認証（SPF・DKIM・DMARC）を設定し、DMARCポリシーを reject または quarantine にする。
- 利用者に送るメール・SMSにはログイン用のリンクを入れない。
- 公式のドメイン・送信元を利用者に周知する。

# なりすましサイトを見つけたら
- URLを[報告フォーム](/report)から報告してください。閉鎖依頼に使われます。`,
    },
    en: {
      title: 'Guidelines for site operators',
      body: `# Make impersonation harder
- Set up SPF, DKIM and DMARC, with a DMARC policy of reject or quarantine.
- Do not put sign-in links in the e-mails and SMS you send.
- Tell your users which domains and senders are really yours.

# If you find a site impersonating you
- Report its URL through the [report form](/report); it is used for takedown requests.`,
    },
  },
  faq: {
    ja: {
      title: 'よくある質問',
      body: `# 報告した情報はどう使われますか
分析して、緊急情報の公開、フィッシングサイトの閉鎖依頼、関係機関との情報共有に使います。

# リンクを開いてしまいました
情報を入力していなければ、多くの場合は被害はありません。入力してしまった場合は[こちら](/victim)。

# URLが安全か確かめたい
[URLチェック](/check)で、報告済みのフィッシングサイトかどうかを確認できます。`,
    },
    en: {
      title: 'Frequently asked questions',
      body: `# How are reports used?
They are analysed and used for public alerts, takedown requests and sharing with partners.

# I opened the link
If you entered nothing, there is usually no harm. If you did, see [this page](/victim).

# Is this URL safe?
The [URL checker](/check) tells whether a URL is a reported phishing site.`,
    },
  },
  'how-to-report': {
    ja: {
      title: '報告のしかた',
      body: `# 報告の方法
- **メール**: リンクをクリックせずに、メールを添付ファイル（.eml）として送るか、本文を[報告フォーム](/report)に貼り付けてください。
- **SMS**: スクリーンショットを添付するか、本文と送信元の番号を貼り付けてください。
- **サイト**: URLをそのまま貼り付けてください。

転送が難しい場合は、件名・送信元・受信日時と内容の要約をお知らせください。`,
    },
    en: {
      title: 'How to report',
      body: `# Ways to report
- **E-mail**: without clicking, attach the mail as an .eml file or paste its source into the [report form](/report).
- **SMS**: attach a screenshot, or paste the text and the sender's number.
- **Website**: paste the URL as it is.

If forwarding is hard, tell us the subject, the sender, the date and a summary.`,
    },
  },
};
