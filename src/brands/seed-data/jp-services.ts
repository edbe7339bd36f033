/**
 * Japanese e-commerce, telecom/ISP, hosting, transport, delivery, utilities, government, universities and
 * others. Format: see ../seed-table.ts. Keywords marked (data) were first noticed in the JPCERT/CC URLs.
 */
export const JP_SERVICES = `
# --- e-commerce, retail -------------------------------------------------------------------------------
amazon | アマゾン | Amazon | ecommerce | Amazon.co.jp | amazon.co.jp;amazon.com | amazon;amzn;amazn
# ラクマ is run by Rakuten Group itself and signs in with the Rakuten ID.
rakuten | 楽天 | Rakuten | ecommerce | 楽天市場;ラクマ;Rakuma | rakuten.co.jp;rakuten.com;fril.jp | rakuten;rakuma
mercari | メルカリ | Mercari | ecommerce | | mercari.com | mercari
yodobashi | ヨドバシカメラ | Yodobashi Camera | ecommerce | ヨドバシ | yodobashi.com | yodobashi
biccamera | ビックカメラ | Bic Camera | ecommerce | biccamera | biccamera.com | biccamera;bic-camera
isetan-mitsukoshi | 三越伊勢丹 | Isetan Mitsukoshi | ecommerce | ISETAN MITSUKOSHI | imhds.co.jp;mistore.jp | isetan;mitsukoshi
familymart | ファミリーマート | FamilyMart | ecommerce | | family.co.jp | familymart
joshin | ジョーシン | Joshin | ecommerce | | joshin.co.jp | joshin
edion | エディオン | EDION | ecommerce | | edion.com | edion
nitori | ニトリ | Nitori | ecommerce | | nitori-net.jp;nitori.co.jp | nitori
nojima | ノジマ | Nojima | ecommerce | | nojima.co.jp | nojima
uniqlo | ユニクロ | UNIQLO | ecommerce | | uniqlo.com | uniqlo
costco | コストコ | Costco | ecommerce | | costco.com;costco.co.jp | costco
demaecan | 出前館 | Demae-can | ecommerce | | demae-can.com | demae-can
zozotown | ゾゾタウン | ZOZOTOWN | ecommerce | ZOZO | zozo.jp | zozo
japanet | ジャパネットたかた | Japanet Takata | ecommerce | | japanet.co.jp | =japanet
golfdigest | ゴルフダイジェスト・オンライン | GolfDigest Online | ecommerce | GDO | golfdigest.co.jp | golfdigest
odakyu-dept | 小田急百貨店 | Odakyu Department Store | ecommerce | | odakyu-dept.co.jp | odakyu-dept
parco | パルコ | PARCO | ecommerce | | parco.jp | =parco
sogo-seibu | そごう・西武 | Sogo & Seibu | ecommerce | そごう | sogo-seibu.jp | sogo-seibu
keihan-dept | 京阪百貨店 | Keihan Department Store | ecommerce | | keihan-dept.co.jp |
fujii-daimaru | 藤井大丸 | Fujii Daimaru | ecommerce | | fujiidaimaru.co.jp |
loft | ロフト | Loft | ecommerce | | loft.co.jp |
irisplaza | アイリスプラザ | IRISPLAZA | ecommerce | | irisplaza.co.jp | irisplaza
yamazen | 山善 | YAMAZEN | ecommerce | | yamazen.co.jp | yamazen
balmuda | バルミューダ | BALMUDA | ecommerce | | balmuda.com | balmuda
zojirushi | 象印マホービン | Zojirushi | ecommerce | 象印ダイレクト | zojirushi.co.jp | zojirushi
thermos | サーモス | THERMOS | ecommerce | | thermos.jp | thermos
dyson | ダイソン | Dyson | ecommerce | | dyson.com;dyson.co.jp | dyson
tasaki | TASAKI | TASAKI | ecommerce | タサキ | tasaki.co.jp | tasaki
mikimoto | ミキモト | MIKIMOTO | ecommerce | | mikimoto.com | mikimoto
star-jewelry | スタージュエリー | STAR JEWELRY | ecommerce | | star-jewelry.com | star-jewelry
ete | エテ | ete | ecommerce | | |
mizuno | ミズノ | Mizuno | ecommerce | | mizuno.com | mizuno
montbell | モンベル | mont-bell | ecommerce | | montbell.jp | montbell
converse-japan | コンバース | CONVERSE JAPAN | ecommerce | | converse.co.jp | =converse
new-balance | ニューバランス | New Balance | ecommerce | | newbalance.com | newbalance
ray-ban | レイバン | Ray-Ban | ecommerce | | ray-ban.com | ray-ban
2nd-street | セカンドストリート | 2nd STREET | ecommerce | | 2ndstreet.jp | 2ndstreet
snkrdunk | スニーカーダンク | SNKRDUNK | ecommerce | | snkrdunk.com | snkrdunk
xprice | エクスプライス | XPRICE | ecommerce | | | xprice
lowya | ロウヤ | LOWYA | ecommerce | | | lowya
kagu350 | 家具350 | Kagu 350 | ecommerce | | |
viva-home | ビバホーム | VIVA HOME | ecommerce | | | viva-home
wpc | Wpc. | Wpc. ONLINE STORE | ecommerce | | |
okusuri-navi | お薬なび | Okusuri Navi | ecommerce | | |
resta | RESTA | RESTA | ecommerce | | |
sunmark | サンマーク出版 | Sunmark Publishing | ecommerce | | sunmark.co.jp |
gametrade | ゲームトレード | GameTrade | ecommerce | | | gametrade
# じゃらん is run by Recruit and signs in with the Recruit ID.
recruit | リクルート | Recruit | ecommerce | RECRUIT;じゃらん;じゃらんnet | recruit.co.jp;jalan.net | =jalan
asoview | アソビュー | ASOVIEW | ecommerce | | asoview.com | asoview
iaeon | イオン | AEON (iAEON) | ecommerce | iAEON | | aeon;iaeon
# --- telecom, ISPs, cable TV ---------------------------------------------------------------------------
au | au | au (KDDI) | telecom | KDDI;エーユー | au.com;kddi.com;auone.jp | au;kddi;auone;au-pay;au-id
softbank | ソフトバンク | SoftBank | telecom | | softbank.jp | softbank
# No 'd-card' keyword for dカード: 'dcard' hides inside 'wildcard'.
docomo | NTTドコモ | NTT DOCOMO | telecom | NTT docomo;docomo;ドコモ;dカード | docomo.ne.jp;nttdocomo.co.jp | docomo
biglobe | ビッグローブ | BIGLOBE | telecom | | biglobe.ne.jp;biglobe.co.jp | biglobe
# ひかりTV was NTT Plala's own TV service, on the same customer account.
plala | ぷらら | Plala (NTT Plala) | telecom | ひかりTV;Hikari TV | plala.or.jp;hikaritv.net | plala;hikaritv
ocn | OCN | OCN | telecom | | ocn.ne.jp | ocn
so-net | ソネット | So-net | telecom | | so-net.ne.jp | so-net
nifty | ニフティ | @nifty | telecom | nifty | nifty.com | nifty
jcom | ジェイコム | J:COM | telecom | JCOM | jcom.co.jp | jcom;myjcom
wakwak | WAKWAK | WAKWAK | telecom | | wakwak.com | wakwak
asahi-net | ASAHIネット | ASAHI Net | telecom | | asahi-net.or.jp | asahi-net
megaegg | メガ・エッグ | MEGA EGG | telecom | | megaegg.ne.jp | megaegg
# ピカラ is STNet's consumer brand; the business webmail label is the same provider.
stnet | STNet | STNet (Pikara) | telecom | お仕事ピカラウェブメール;ピカラ;Pikara | stnet.co.jp;pikara.ne.jp | stnet;pikara
dti | DTI | DTI (Dream Train Internet) | telecom | | dti.ne.jp | dti
itscom | イッツコム | iTSCOM | telecom | | | itscom
eo | eo | eo (OPTAGE) | telecom | eoWEBメール;eoマイページ;eo光 | eonet.jp | eonet
bbiq | BBIQ | BBIQ (QTnet) | telecom | BBIQ 九州通信ネットワーク株式会社;QTnet | bbiq.jp;qtnet.co.jp | bbiq
tnc | TOKAIネットワーククラブ | TOKAI Network Club | telecom | | tnc.ne.jp | tnc
odn | ODN | ODN | telecom | | odn.ne.jp | odn
hi-ho | hi-ho | hi-ho | telecom | | hi-ho.ne.jp | hi-ho
spinnet | SpinNet | SpinNet | telecom | | spinnet.jp | spinnet
ucom | UCOM | UCOM | telecom | | |
tcom | @TCOM | @TCOM | telecom | | |
n-planet | N-PLANET | N-PLANET | telecom | | |
bunbun | ぶんぶんネット | Bunbun Net | telecom | | | bunbun
banban | BAN-BANネットワークス | BAN-BAN Networks | telecom | | |
lcv | LCV | LCV | telecom | | |
knet | Knet | Knet | telecom | | |
canonet | Canonet | Canonet | telecom | | |
edion-net | エディオンネット | EDION Internet Service | telecom | EDION Internet Service | |
yamaguchi-cable | 山口ケーブルビジョン | Yamaguchi Cable Vision | telecom | | |
cable-joy | ケーブル・ジョイ | Cable Joy | telecom | 株式会社ケーブル・ジョイ | |
fukui-catv | 福井ケーブルテレビ | Fukui Cable Television | telecom | | |
tv-komatsu | テレビ小松 | TV Komatsu | telecom | | |
reinan-cable | 嶺南ケーブルネットワーク | Reinan Cable Network | telecom | | |
ehime-catv | 愛媛CATV | Ehime CATV | telecom | | |
kcn-kyoto | KCN京都 | KCN Kyoto | telecom | | |
# --- IT services, hosting, mail ----------------------------------------------------------------------
xserver | エックスサーバー | Xserver | it_service | エックスサーバー株式会社 | xserver.ne.jp | xserver
sakura-internet | さくらインターネット | SAKURA internet | it_service | Sakura Internet | sakura.ad.jp |
onamae | お名前.com | Onamae.com (GMO Internet) | it_service | | onamae.com | onamae
kagoya | カゴヤ・ジャパン | KAGOYA JAPAN | it_service | | kagoya.jp | kagoya
netowl | ネットオウル | NetOwl | it_service | | netowl.jp | netowl
heteml | ヘテムル | heteml | it_service | | heteml.jp | heteml
wadax | WADAX | WADAX | it_service | | wadax.ne.jp | wadax
sixcore | シックスコア | sixcore | it_service | | sixcore.ne.jp | sixcore
prox | PROX SYSTEM DESIGN | PROX SYSTEM DESIGN | it_service | | |
mediawars | メディアウォーズ | Media Wars | it_service | | | mediawars
securemx | SecureMX | SecureMX | it_service | | | securemx
alpha-mail | アルファメール | Alpha Mail (Otsuka Shokai) | it_service | アルファ Webメール;アルファWebメール | | alpha-mail
active-mail | Active!mail | Active!mail (QUALITIA) | it_service | | | active-mail
syncdot | SYNCDOT WebMailer | SYNCDOT WebMailer | it_service | | | syncdot
ubiqmail | UbiqMail | UbiqMail | it_service | | | ubiqmail
risumail | RisuMail | RisuMail | it_service | | | risumail
across-webmail | ACROSS Webmail | ACROSS Webmail | it_service | | |
cybozu | サイボウズ | Cybozu | it_service | | cybozu.co.jp | cybozu
works-mobile | ワークスモバイルジャパン | Works Mobile Japan (LINE WORKS) | it_service | ワークスモバイルジャパン株式会社;LINE WORKS | worksmobile.com | worksmobile
gmo | GMOインターネットグループ | GMO Internet Group | it_service | GMO | gmo.jp |
goo | goo | goo (NTT DOCOMO portal) | it_service | | goo.ne.jp |
cloudn | Cloudn | Cloudn | it_service | | |
cims | cims | cims | it_service | | |
accesstrade | アクセストレード | ACCESSTRADE | other | | accesstrade.ne.jp | accesstrade
# --- social, entertainment -----------------------------------------------------------------------------
# 'line' is an ordinary English word (line.pm, online-line…): no keyword, only the official domain.
line | LINE | LINE | social | ライン | line.me | linecorp
pcmax | PCMAX | PCMAX | social | | pcmax.jp | pcmax
# NHKプラス is NHK's own streaming service on the NHK ID.
nhk | NHK | NHK (Japan Broadcasting Corporation) | entertainment | 日本放送協会;NHKプラス;NHK+ | nhk.or.jp;nhk.jp | nhk;nhk-plus
monster-strike | モンスターストライク | Monster Strike | entertainment | モンスト | monster-strike.com | monster-strike;=monst
square-enix | スクウェア・エニックス | SQUARE ENIX | entertainment | | square-enix.com | square-enix;dqx
konami | コナミ | KONAMI | entertainment | | konami.com;konami.net | konami
dmm | DMM | DMM.com | entertainment | DMM.com | dmm.com;dmm.co.jp | dmm
cookpad | クックパッド | cookpad | other | | cookpad.com | cookpad
# --- transport, delivery --------------------------------------------------------------------------------
eki-net | えきねっと | eki-net (JR East) | transport | | eki-net.com | eki-net
mobile-suica | モバイルSuica | Mobile Suica (JR East) | transport | | mobilesuica.com | mobilesuica;suica
# e5489 is JR West's booking site, part of the J-WEST membership.
jr-west | JR西日本 | JR West (Club J-WEST) | transport | Club J-WEST;J-WEST | jr-odekake.net;westjr.co.jp | j-west;e5489;jr-odekake
etc-meisai | ETC利用照会サービス | ETC Usage Inquiry Service | transport | ETC | etc-meisai.jp | etc;etc-meisai
ana | 全日本空輸 | ANA (All Nippon Airways) | transport | ANA;全日空 | ana.co.jp |
jal | 日本航空 | Japan Airlines | transport | JAL | jal.co.jp;jal.com | jal
nippon-rentacar | ニッポンレンタカー | Nippon Rent-A-Car | transport | | nipponrentacar.co.jp | nipponrentacar
yamato | ヤマト運輸 | Yamato Transport | delivery | クロネコヤマト | kuronekoyamato.co.jp;yamato-hd.co.jp | kuroneko;yamato
sagawa | 佐川急便 | Sagawa Express | delivery | Sagawa Express | sagawa-exp.co.jp | sagawa
japan-post | 日本郵便 | Japan Post | delivery | | post.japanpost.jp | japanpost
# --- utilities -----------------------------------------------------------------------------------------
tepco | 東京電力 | TEPCO | utility | TEPCO;東京電力エナジーパートナー | tepco.co.jp | tepco
tokyo-gas | 東京ガス | Tokyo Gas | utility | | tokyo-gas.co.jp | tokyo-gas
kepco | 関西電力 | Kansai Electric Power | utility | | kepco.co.jp | kanden
hepco | 北海道電力 | Hokkaido Electric Power | utility | | hepco.co.jp | hepco
okiden | 沖縄電力 | Okinawa Electric Power | utility | | okiden.co.jp | okiden
tohoku-epco | 東北電力 | Tohoku Electric Power | utility | | tohoku-epco.co.jp | tohoku-epco
tokyo-waterworks | 東京都水道局 | Bureau of Waterworks, Tokyo | utility | | waterworks.metro.tokyo.lg.jp |
# --- government, public bodies -----------------------------------------------------------------------
# マイナポイント is the ministry's programme (data: mynumberpoint).
soumu | 総務省 | Ministry of Internal Affairs and Communications | government | | soumu.go.jp | soumu;mynumber;mynapoint
nta | 国税庁 | National Tax Agency | government | | nta.go.jp | nta;e-tax
mhlw | 厚生労働省 | Ministry of Health, Labour and Welfare | government | | mhlw.go.jp | mhlw
nenkin | 日本年金機構 | Japan Pension Service | government | | nenkin.go.jp | nenkin
customs-jp | 税関 | Japan Customs | government | | customs.go.jp |
mof | 財務省 | Ministry of Finance Japan | government | | mof.go.jp |
boj | 日本銀行 | Bank of Japan | government | | boj.or.jp |
antiphishing | フィッシング対策協議会 | Council of Anti-Phishing Japan | other | | antiphishing.jp | antiphishing
# --- universities, research ---------------------------------------------------------------------------
osaka-u | 大阪大学 | Osaka University | education | | osaka-u.ac.jp |
tmd | 東京医科歯科大学 | Tokyo Medical and Dental University | education | | tmd.ac.jp |
kyushu-u | 九州大学 | Kyushu University | education | | kyushu-u.ac.jp |
keio | 慶應義塾大学 | Keio University | education | 慶応義塾大学;keio.jp | keio.ac.jp;keio.jp |
tohoku-u | 東北大学 | Tohoku University | education | | tohoku.ac.jp |
shiga-med | 滋賀医科大学 | Shiga University of Medical Science | education | | shiga-med.ac.jp |
u-tokyo | 東京大学 | The University of Tokyo | education | | u-tokyo.ac.jp |
sapmed | 札幌医科大学 | Sapporo Medical University | education | | sapmed.ac.jp |
kanazawa-u | 金沢大学 | Kanazawa University | education | | kanazawa-u.ac.jp |
nagoya-u | 名古屋大学 | Nagoya University | education | | nagoya-u.ac.jp |
nagoya-cu | 名古屋市立大学 | Nagoya City University | education | | nagoya-cu.ac.jp |
kagoshima-u | 鹿児島大学 | Kagoshima University | education | | kagoshima-u.ac.jp |
kitasato-u | 北里大学 | Kitasato University | education | | kitasato-u.ac.jp |
niigata-u | 新潟大学 | Niigata University | education | | niigata-u.ac.jp |
nihon-u | 日本大学 | Nihon University | education | | nihon-u.ac.jp |
kanagawa-u | 神奈川大学 | Kanagawa University | education | | kanagawa-u.ac.jp |
riken | 理化学研究所 | RIKEN | education | | riken.jp |
# --- others ---------------------------------------------------------------------------------------------
nissenren | ニッセンレンエスコート | Nissenren Escort | other | | |
florence | フローレンス | Florence (certified NPO) | other | 認定NPO法人フローレンス | florence.or.jp |
jrc | 日本赤十字社 | Japanese Red Cross Society | other | | jrc.or.jp |
unicef-jp | 日本ユニセフ協会 | Japan Committee for UNICEF | other | | unicef.or.jp |
our-earth-project | Our Earth Project | Our Earth Project | other | | |
ponta | Ponta | Ponta | other | Ponta Web | ponta.jp | ponta
`;
