/**
 * Japanese cards, banks, securities, crypto and payment brands. Format: see ../seed-table.ts.
 * Keywords marked (data) were first noticed in the JPCERT/CC URLs and kept only because they are the
 * brand's own service names (a member site, a nickname the company itself uses).
 */
export const JP_FINANCE = `
# --- credit cards, consumer credit -------------------------------------------------------------------
# 'smbc' names the whole SMBC group: on its own it cannot tell the card company from the bank (both list it).
smbc-card | 三井住友カード | Sumitomo Mitsui Card | credit_card | Vpass;SMBC Card;SMBCカード | smbc-card.com | smbc;vpass;smbc+card;smcc
# Like 'smbc', 'mufg' is the group's name and NICOS's card brand (MUFG CARD): shared, decides nothing alone.
mufg-nicos | 三菱UFJニコス | Mitsubishi UFJ NICOS | credit_card | MUFG Nicos;NICOS;ニコス;MUFGカード;DCカード | cr.mufg.jp;nicos.co.jp | nicos;mufg;mufg+card;dccard
saison | クレディセゾン | Credit Saison (SAISON CARD) | credit_card | SAISON CARD;セゾンカード;Credit Saison | saisoncard.co.jp | saison
saison-fundex | セゾンファンデックス | Saison Fundex | credit_card | SAISON FUNDEX | | saison-fundex
epos-card | エポスカード | Epos Card | credit_card | EPOS CARD | eposcard.co.jp | epos;eposcard
aeon-card | イオンカード | AEON Card | credit_card | AEON CARD | aeon.co.jp | aeon;aeon+card
aeon-bank | イオン銀行 | AEON Bank | bank | | aeonbank.co.jp | aeon;aeon+bank
micard | エムアイカード | MI CARD | credit_card | MICARD | micard.co.jp | micard
viewcard | ビューカード | VIEW CARD | credit_card | Viewcard | viewsnet.jp | viewcard;viewsnet;jreast+card
# TS CUBIC CARD is Toyota Finance's card and MY TS3 its member site: one account, one brand.
toyota-finance | トヨタファイナンス | Toyota Finance (TS CUBIC CARD) | credit_card | TS CUBIC CARD_MY TS3;TS CUBIC CARD;MY TS3;TS CUBIC | ts3card.com;toyota-finance.co.jp | ts3card;tscubic;myts3;ts3
# NetStation*Aplus is Aplus's member site (data).
aplus | アプラス | Aplus | credit_card | APLUS | aplus.co.jp | aplus;netstation
rakuten-card | 楽天カード | Rakuten Card | credit_card | Rakuten Card | rakuten-card.co.jp | rakuten-card;rakuten+card
amex | アメリカン・エキスプレス | American Express | credit_card | AMEX;アメックス | americanexpress.com | americanexpress;amex
jaccs | ジャックス | JACCS | credit_card | | jaccs.co.jp | jaccs
orico | オリコ | Orient Corporation (Orico) | credit_card | Orico;オリエントコーポレーション | orico.co.jp | orico
pocket-card | ポケットカード | Pocket Card | credit_card | | pocketcard.co.jp | pocketcard
uc-card | UCカード | UC Card | credit_card | UC Card | uccard.co.jp | uc-card
life-card | ライフカード | LIFE CARD | credit_card | | lifecard.co.jp | life-card
ucs-card | UCSカード | UCS Card | credit_card | | | ucs-card
resona-card | りそなカード | Resona Card | credit_card | | resonacard.co.jp | resona+card
trust-club | 三井住友トラストクラブ | Sumitomo Mitsui Trust Club | credit_card | | | trust-club
smbc-fs | SMBCファイナンスサービス | SMBC Finance Service | credit_card | SMBC ファイナンスサービス | smbc-fs.co.jp | smbc-fs
smbc-mobit | SMBCモビット | SMBC Mobit | credit_card | | mobit.ne.jp | =mobit
promise | プロミス | Promise (SMBC Consumer Finance) | credit_card | | promise.co.jp |
acom | アコム | ACOM | credit_card | | acom.co.jp | acom
shinsei-financial | 新生フィナンシャル | Shinsei Financial | credit_card | | shinseifinancial.co.jp | shinseifinancial
oc-card | OCカード | OC CARD | credit_card | OC CARD | |
daimaru-matsuzakaya-card | 大丸松坂屋カード | Daimaru Matsuzakaya Card | credit_card | | |
tokyu-card | 東急カード | Tokyu Card | credit_card | | tokyu-card.co.jp | tokyu+card
kyushu-card | 九州カード | Kyushu Card | credit_card | | |
kc-card | KCカード | KC Card | credit_card | KC Card | |
yume-card | ゆめカード | Yume Card | credit_card | | |
idemitsu-credit | 出光クレジット | Idemitsu Credit | credit_card | | |
pbz-card | PBZカード | PBZ Card | credit_card | PBZ CARD | |
# MyLink is NTT Finance's member site for the NTT Group Card (data).
ntt-finance | NTTファイナンス | NTT Finance | credit_card | MyLink;NTTグループカード | ntt-finance.co.jp | ntt-finance;ntt-card
ntt-if | NTTイフ | NTT IF | credit_card | | |
jcb | JCB | JCB | credit_card | ジェーシービー;MyJCB | jcb.co.jp | jcb;myjcb
visa | VISA | Visa | credit_card | ビザ | visa.com;visa.co.jp | visa
mastercard | マスターカード | Mastercard | credit_card | | mastercard.com;mastercard.co.jp | mastercard
# --- banks --------------------------------------------------------------------------------------------
smbc | 三井住友銀行 | Sumitomo Mitsui Banking Corporation | bank | SMBC | smbc.co.jp | smbc;smbc+bank
mufg-bank | 三菱UFJ銀行 | MUFG Bank | bank | | bk.mufg.jp | mufg;mufg+bank
mufg | 三菱UFJフィナンシャル・グループ | Mitsubishi UFJ Financial Group | bank | 三菱UFJフィナンシャルグループ;MUFG | mufg.jp | mufg
mufg-trust | 三菱UFJ信託銀行 | Mitsubishi UFJ Trust and Banking | bank | | tr.mufg.jp | mufg
mizuho-bank | みずほ銀行 | Mizuho Bank | bank | | mizuhobank.co.jp | mizuho;mizuho+bank
mizuho-fg | みずほフィナンシャルグループ | Mizuho Financial Group | bank | | mizuho-fg.co.jp | mizuho
mizuho-trust | みずほ信託銀行 | Mizuho Trust & Banking | bank | | mizuho-tb.co.jp | mizuho
smtb | 三井住友信託銀行 | Sumitomo Mitsui Trust Bank | bank | | smtb.jp | smtb
yucho | ゆうちょ銀行 | Japan Post Bank | bank | | jp-bank.japanpost.jp | yucho;yuucho;jp-bank;japanpost+bank
resona | りそな銀行 | Resona Bank | bank | | resonabank.co.jp | resona
saitama-resona | 埼玉りそな銀行 | Saitama Resona Bank | bank | | saitamaresona.co.jp | saitamaresona
kansai-mirai | 関西みらい銀行 | Kansai Mirai Bank | bank | | kansaimiraibank.co.jp | kansaimirai
# ジャパンネット銀行 was renamed PayPay銀行 in 2021: same bank.
paypay-bank | PayPay銀行 | PayPay Bank | bank | PayPay Bank;ジャパンネット銀行;Japan Net Bank | paypay-bank.co.jp;japannetbank.co.jp | paypay-bank;paypay+bank;japannet
rakuten-bank | 楽天銀行 | Rakuten Bank | bank | | rakuten-bank.co.jp | rakuten-bank;rakuten+bank
jibun-bank | auじぶん銀行 | au Jibun Bank | bank | じぶん銀行 | jibunbank.co.jp | jibun
sony-bank | ソニー銀行 | Sony Bank | bank | | sonybank.net | sonybank;sony+bank
gmo-aozora | GMOあおぞらネット銀行 | GMO Aozora Net Bank | bank | | gmo-aozora.com | gmo-aozora
sbi-sumishin | 住信SBIネット銀行 | SBI Sumishin Net Bank | bank | | netbk.co.jp | netbk
daiwa-next | 大和ネクスト銀行 | Daiwa Next Bank | bank | | bank-daiwa.co.jp | bank-daiwa
shinsei-bank | 新生銀行 | SBI Shinsei Bank | bank | SBI新生銀行 | shinseibank.com | shinseibank
sbj-bank | SBJ銀行 | SBJ Bank | bank | | sbjbank.co.jp | sbjbank
seven-bank | セブン銀行 | Seven Bank | bank | | sevenbank.co.jp | sevenbank
lawson-bank | ローソン銀行 | Lawson Bank | bank | | lawsonbank.jp | lawsonbank
ja-bank | JAバンク | JA Bank | bank | | jabank.org | ja-bank
yokohama-bank | 横浜銀行 | Bank of Yokohama | bank | はまぎん | boy.co.jp | hamagin
chiba-bank | 千葉銀行 | Chiba Bank | bank | | chibabank.co.jp | chibabank
shizuoka-bank | 静岡銀行 | Shizuoka Bank | bank | | shizuokabank.co.jp | shizuokabank;shizugin
akita-bank | 秋田銀行 | Akita Bank | bank | | akita-bank.co.jp | akita-bank
fukuoka-bank | 福岡銀行 | Bank of Fukuoka | bank | | fukuokabank.co.jp | fukuokabank
ncb | 西日本シティ銀行 | Nishi-Nippon City Bank | bank | | ncbank.co.jp | ncbank
minato-bank | みなと銀行 | Minato Bank | bank | | minatobk.co.jp | minatobk
ryukyu-bank | 琉球銀行 | Bank of the Ryukyus | bank | | ryugin.co.jp | ryugin
suruga-bank | スルガ銀行 | Suruga Bank | bank | | surugabank.co.jp | surugabank
hokkaido-bank | 北海道銀行 | Hokkaido Bank | bank | | hokkaidobank.co.jp | hokkaidobank
hokuyo-bank | 北洋銀行 | North Pacific Bank | bank | | hokuyobank.co.jp | hokuyobank
juhachi-shinwa | 十八親和銀行 | Juhachi-Shinwa Bank | bank | | 18shinwabank.co.jp | 18shinwa
okinawa-bank | 沖縄銀行 | Bank of Okinawa | bank | | okinawa-bank.co.jp | okinawa-bank
kiyo-bank | 紀陽銀行 | Kiyo Bank | bank | | kiyobank.co.jp | kiyobank
osaka-shinkin | 大阪信用金庫 | Osaka Shinkin Bank | bank | | |
bank-77 | 七十七銀行 | 77 Bank | bank | | 77bank.co.jp | 77bank
juroku-bank | 十六銀行 | Juroku Bank | bank | | juroku.co.jp | juroku
kyoto-bank | 京都銀行 | Bank of Kyoto | bank | | kyotobank.co.jp | kyotobank
kanagawa-bank | 神奈川銀行 | Kanagawa Bank | bank | | kanagawabank.co.jp | kanagawabank
mitsubishi-hc | 三菱HCキャピタル | Mitsubishi HC Capital | other | | mitsubishi-hc-capital.com |
# --- securities, exchanges, FX -----------------------------------------------------------------------
# 野村 alone names the Nomura group; the label and 野村ホールディングス are one brand.
nomura | 野村ホールディングス | Nomura Holdings | securities | 野村;野村證券;Nomura | nomura.co.jp;nomura.com | nomura
mizuho-sec | みずほ証券 | Mizuho Securities | securities | | mizuho-sc.com | mizuho;mizuho-sc
rakuten-sec | 楽天証券 | Rakuten Securities | securities | | rakuten-sec.co.jp | rakuten-sec
gmo-click | GMOクリック証券 | GMO Click Securities | securities | | click-sec.com | click-sec
gaitame | 外為どっとコム | Gaitame.com | securities | | gaitame.com | gaitame
jpx | 日本取引所グループ | Japan Exchange Group | securities | JPX | jpx.co.jp | jpx
oanda-japan | OANDA証券 | OANDA Japan | securities | OANDA japan | | oanda
# --- crypto -------------------------------------------------------------------------------------------
bitflyer | ビットフライヤー | bitFlyer | crypto | | bitflyer.com | bitflyer
gmo-coin | GMOコイン | GMO Coin | crypto | GMコイン | coin.z.com | gmo-coin
coincheck | コインチェック | Coincheck | crypto | | coincheck.com | coincheck
bitpoint | ビットポイントジャパン | BITPoint Japan | crypto | BITPoint | bitpoint.co.jp | bitpoint
bitbank | ビットバンク | bitbank | crypto | | bitbank.cc | bitbank
btcbox | BTCボックス | BTCBOX | crypto | | btcbox.co.jp | btcbox
zaif | Zaif | Zaif | crypto | | zaif.jp | zaif
decurret | ディーカレット | DeCurret | crypto | | decurret.com | decurret
fxcoin | FXcoin | FXcoin | crypto | | | fxcoin
sbi-vc | SBI VCトレード | SBI VC Trade | crypto | | sbivc.co.jp | sbivc
bittrade | ビットトレード | BitTrade | crypto | | bittrade.co.jp | bittrade
# --- payment ------------------------------------------------------------------------------------------
paypay | PayPay | PayPay | payment | ペイペイ | paypay.ne.jp | paypay
paidy | ペイディー | Paidy | payment | | paidy.com | paidy
merpay | メルペイ | Merpay | payment | | merpay.com | merpay
bitcash | ビットキャッシュ | BitCash | payment | | bitcash.jp | bitcash
webmoney | ウェブマネー | WebMoney | payment | | | webmoney
docomo-id | iD | iD (NTT DOCOMO payment brand) | payment | | id-credit.com |
chocom | ちょコムクレジット | Chocom Credit | payment | | |
majica | マジカ | majica (Don Quijote) | payment | majica | | majica
yamato-financial | ヤマトフィナンシャル | Yamato Financial | payment | | |
remise | ルミーズ | Remise | payment | | |
vanilla-gift | バニラVisaギフトカード | Vanilla Visa Gift Card | payment | Vanilla Visa gift card | vanillagift.com | vanillagift
# --- insurance (counted under other) -----------------------------------------------------------------
meiji-yasuda | 明治安田生命 | Meiji Yasuda Life | other | | meijiyasuda.co.jp | meijiyasuda
aflac | アフラック生命保険 | Aflac Life Insurance Japan | other | アフラック;Aflac | aflac.co.jp | aflac
sumitomo-life | 住友生命 | Sumitomo Life | other | | sumitomolife.co.jp | sumitomolife
nissay | 日本生命保険 | Nippon Life Insurance | other | 日本生命;ニッセイ | nissay.co.jp | nissay
asahi-life | 朝日生命保険 | Asahi Mutual Life | other | 朝日生命 | asahi-life.co.jp | asahi-life
lifenet | ライフネット生命 | Lifenet Insurance | other | | lifenet-seimei.co.jp | lifenet
`;
