/** Messages of the time-to-takedown figures (public page, monthly table). Keys start with 'survival.'. */
export const ja = {
  'survival.title': 'テイクダウンまでの時間',
  'survival.intro':
    '閉鎖（テイクダウン）を追跡したフィッシングサイトについて、最初の報告から、また最初の閉鎖依頼から、サイトが閉鎖されるまでの時間です。まだ稼働中のサイトは集計から除かず「打ち切り」として扱う Kaplan–Meier 法で推定しているため、遅い事業者ほど中央値が小さく見えることはありません。',
  'survival.method':
    '中央値と90パーセンタイル（90%のサイトが閉鎖されるまでの時間）に95%信頼区間を付けています（Greenwood の分散、log-log 変換、Brookmeyer–Crowley 法）。「未到達」は、現時点のデータでは推定値または信頼区間の上限がまだ求まらないことを示します。確認済みで公開可能な URL のケースのみを集計し、{min}件未満のグループは表示しません。',
  'survival.computed_at': '集計時点: {time}（日本時間 JST, UTC+9）',
  'survival.range': '対象: {from} 〜 {to} に開始したケース（日本時間）',
  'survival.none': '表示できるだけのケースがまだありません（{min}件以上のグループのみ表示します）。',
  'survival.total':
    'ケース {cases}件（うち閉鎖依頼済み {requested}件）: 閉鎖 {down}件、稼働中または対応不能で打ち切り {censored}件。',
  'survival.known':
    '項目が判明しているケース: ホスティング事業者 {network}件、レジストラ {registrar}件、TLD {tld}件、ホスティング国 {country}件（保存済みの RDAP 回答と稼働確認による。AS 番号は記録していません）。',
  'survival.hidden': '{dimension}: {min}件未満の{groups}グループ（計{cases}件）は表示していません。',
  'survival.dimension.all': '全体',
  'survival.dimension.network': 'ホスティング事業者（ネットワーク）',
  'survival.dimension.registrar': 'レジストラ',
  'survival.dimension.tld': 'TLD',
  'survival.dimension.country': 'ホスティング国',
  'survival.col.dimension': '区分',
  'survival.col.group': '対象',
  'survival.col.cases': 'ケース数',
  'survival.col.down': '閉鎖',
  'survival.col.censored': '打ち切り',
  'survival.col.median_request': '依頼→閉鎖 中央値',
  'survival.col.p90_request': '依頼→閉鎖 90%',
  'survival.col.median_report': '報告→閉鎖 中央値',
  'survival.col.p90_report': '報告→閉鎖 90%',
  'survival.all': 'すべてのケース',
  'survival.tld.ip': 'IPアドレス',
  'survival.not_reached': '未到達',
  'survival.too_few': '依頼件数不足',
  'survival.ci': '{value}（{lower}〜{upper}）',
  'survival.monthly.title': 'テイクダウンしているのは誰か（この月に開始したケース）',
  'survival.link': 'テイクダウンまでの時間（全期間）',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'survival.title': 'Time to takedown',
  'survival.intro':
    'How long the phishing sites whose takedown was followed here stayed up: from the first report, and from the first takedown request, until the site was down. Sites still live are not left out but counted as censored (Kaplan–Meier), so a slow hoster cannot look fast by having its live sites dropped.',
  'survival.method':
    'Medians and 90th percentiles (the time by which 90% of the sites were down) with 95% confidence intervals (Greenwood variance, log-log transform, Brookmeyer–Crowley). "Not reached" means the data so far do not give the estimate or the upper limit yet. Only cases over confirmed URLs cleared for the public are counted; groups of fewer than {min} cases are not shown.',
  'survival.computed_at': 'As of {time} Japan time (JST, UTC+9)',
  'survival.range': 'Cases opened from {from} to {to} (JST)',
  'survival.none': 'Not enough cases to show yet (a group is shown from {min} cases).',
  'survival.total':
    '{cases} cases ({requested} with a takedown request): {down} down, {censored} censored (still live, or closed as not actionable).',
  'survival.known':
    'Cases where the item is known: hosting network {network}, registrar {registrar}, TLD {tld}, hosting country {country} (from stored RDAP answers and live checks; AS numbers are not recorded).',
  'survival.hidden':
    '{dimension}: {groups} groups with fewer than {min} cases ({cases} cases in all) are not shown.',
  'survival.dimension.all': 'All',
  'survival.dimension.network': 'Hosting network',
  'survival.dimension.registrar': 'Registrar',
  'survival.dimension.tld': 'TLD',
  'survival.dimension.country': 'Hosting country',
  'survival.col.dimension': 'By',
  'survival.col.group': 'Group',
  'survival.col.cases': 'Cases',
  'survival.col.down': 'Down',
  'survival.col.censored': 'Censored',
  'survival.col.median_request': 'Request → down, median',
  'survival.col.p90_request': 'Request → down, 90%',
  'survival.col.median_report': 'Report → down, median',
  'survival.col.p90_report': 'Report → down, 90%',
  'survival.all': 'All cases',
  'survival.tld.ip': 'IP address',
  'survival.not_reached': 'not reached',
  'survival.too_few': 'too few requests',
  'survival.ci': '{value} ({lower}–{upper})',
  'survival.monthly.title': 'Who takes phishing down (cases opened this month)',
  'survival.link': 'Time to takedown (all time)',
};
