/**
 * Banks, card schemes, payment services, brokers and crypto outside Japan. Format: see ../seed-table.ts.
 * Japanese names are the usual katakana where one exists, else the English name.
 */
export const INTL_FINANCE = `
# --- North America ------------------------------------------------------------------------------------
wells-fargo | ウェルズ・ファーゴ | Wells Fargo | bank | | wellsfargo.com | wells-fargo
bank-of-america | バンク・オブ・アメリカ | Bank of America | bank | BofA | bankofamerica.com | bankofamerica
chase | チェース | Chase (JPMorgan Chase) | bank | CHASE;JPMorgan Chase & Co.;JPMorgan Chase | chase.com;jpmorganchase.com;jpmorgan.com | =chase;jpmorgan
citibank | シティバンク | Citibank | bank | Citi | citi.com;citibank.com | citibank;citi
capital-one | キャピタル・ワン | Capital One | bank | | capitalone.com | capital-one
us-bank | USバンク | U.S. Bank | bank | US Bank | usbank.com | usbank
pnc | PNC | PNC Financial Services | bank | | pnc.com | pnc
# SunTrust and BB&T merged into Truist in 2019.
truist | トゥルーイスト | Truist (SunTrust, BB&T) | bank | Truist Bank;SUNTRUST;BB&T | truist.com;suntrust.com;bbt.com | truist;suntrust
regions | リージョンズ銀行 | Regions Bank | bank | REGIONS | regions.com |
keybank | キーバンク | KeyBank | bank | Key Bank | key.com | keybank
m-and-t | M&Tバンク | M&T Bank | bank | | mtb.com | mandtbank
huntington | ハンティントン銀行 | Huntington Bank | bank | | huntington.com |
citizens | シチズンズ銀行 | Citizens Bank | bank | | citizensbank.com | citizensbank
commerce-bank | コマース銀行 | Commerce Bank | bank | | commercebank.com | commercebank
discover | ディスカバー | Discover Bank | bank | Discover;Discover bank | discover.com |
usaa | USAA | USAA | bank | | usaa.com | usaa
navy-federal | ネイビー・フェデラル・クレジット・ユニオン | Navy Federal Credit Union | bank | | navyfederal.org | navyfederal;nfcu
penfed | ペンフェッド | Pentagon Federal Credit Union | bank | PenFed | penfed.org | penfed
# Alaska USA FCU was renamed Global Credit Union in 2022.
global-cu | グローバル・クレジット・ユニオン | Global Credit Union (Alaska USA) | bank | Alaska USA;Global Credit Union | alaskausa.org | alaskausa
iccu | アイダホ・セントラル・クレジット・ユニオン | Idaho Central Credit Union | bank | | iccu.com | iccu
first-tech | ファースト・テック | First Tech Federal Credit Union | bank | | firsttechfed.com | firsttech
amfirst | アメリカズ・ファースト | America's First Federal Credit Union | bank | | amfirst.org | amfirst
stcu | STCU | STCU (Spokane Teachers Credit Union) | bank | | stcu.org | stcu
macu | マウンテン・アメリカ | Mountain America Credit Union | bank | | macu.com | macu
rbfcu | ランドルフ・ブルックス | Randolph-Brooks Federal Credit Union | bank | | rbfcu.org | rbfcu
suncoast | サンコースト | Suncoast Credit Union | bank | | suncoastcreditunion.com | suncoastcredit
bethpage | ベスページ | Bethpage Federal Credit Union | bank | | bethpagefcu.com | bethpagefcu
vantage-west | ヴァンテージ・ウエスト | Vantage West Credit Union | bank | | vantagewest.org | vantagewest
kfcu | キースラー | Keesler Federal Credit Union | bank | Keesler Federal Credit | kfcu.org | kfcu
gecu | GECU | GECU | bank | | gecu.com | gecu
pacwest | パシフィック・ウエスタン銀行 | Pacific Western Bank | bank | | pacwest.com | pacwest
bancorpsouth | バンコープサウス | BancorpSouth | bank | | bancorpsouth.com | bancorpsouth
park-national | パーク・ナショナル銀行 | Park National Bank | bank | | parknationalbank.com | parknational
metabank | メタバンク | MetaBank | bank | | metabank.com | metabank
fnb-oklahoma | ファースト・ナショナル・バンク・オブ・オクラホマ | First National Bank of Oklahoma | bank | | |
td-bank | TD銀行 | TD Bank | bank | | td.com;tdbank.com | tdbank
rbc | ロイヤル・バンク・オブ・カナダ | Royal Bank of Canada | bank | RBC Royal Bank;RBC Financial Group;RBC | rbc.com;rbcroyalbank.com | rbc;royalbank
cibc | CIBC | CIBC | bank | | cibc.com | cibc
bmo | BMO | BMO (Bank of Montreal) | bank | Bank Of Montreal | bmo.com | bmo
scotiabank | スコシアバンク | Scotiabank | bank | | scotiabank.com | scotiabank
nbc | ナショナル・バンク・オブ・カナダ | National Bank of Canada | bank | BANQUE NATIONALE DU CANADA | nbc.ca |
desjardins | デジャルダン | Desjardins | bank | | desjardins.com | desjardins
simplii | シンプリー・ファイナンシャル | Simplii Financial | bank | | simplii.com | simplii
atb | ATBファイナンシャル | ATB Financial | bank | | atb.com |
# --- Europe ---------------------------------------------------------------------------------------------
hsbc | HSBC | HSBC | bank | | hsbc.com;hsbc.co.uk;hsbc.com.hk | hsbc
barclays | バークレイズ | Barclays | bank | Barclays Bank | barclays.co.uk;barclays.com | barclays
lloyds | ロイズ銀行 | Lloyds Bank | bank | LLOYDS BANK | lloydsbank.com;lloydsbank.co.uk | lloydsbank
natwest | ナットウエスト | NatWest | bank | | natwest.com | natwest
halifax | ハリファックス | Halifax | bank | | halifax.co.uk |
tsb | TSB | TSB Bank | bank | TSB bank | tsb.co.uk | tsb
metro-bank | メトロ銀行 | Metro Bank | bank | | metrobankonline.co.uk |
virgin-money | ヴァージン・マネー | Virgin Money | bank | | virginmoney.com | virginmoney
co-op-bank | コーオペラティブ銀行 | The Co-operative Bank | bank | Co-operative Bank | co-operativebank.co.uk | co-operativebank
cashplus | キャッシュプラス | Cashplus | bank | | cashplus.com |
bank-of-ireland | アイルランド銀行 | Bank of Ireland | bank | | bankofireland.com | bankofireland
santander | サンタンデール | Santander | bank | Banco Santander;Banco Santander (Brasil) S.A. | santander.com;santander.co.uk;santander.com.br | santander
bbva | BBVA | BBVA | bank | | bbva.com;bbva.es | bbva
sabadell | サバデル銀行 | Banco Sabadell | bank | | bancsabadell.com | sabadell
ibercaja | イベルカハ | Ibercaja | bank | iberCaja Banco | ibercaja.es | ibercaja
unicaja | ウニカハ銀行 | Unicaja Banco | bank | | unicajabanco.es | unicaja
caixa | カイシャ | Caixa | bank | | | caixa
novo-banco | ノヴォ・バンコ | Novo Banco | bank | | novobanco.pt | novobanco
bnp-paribas | BNPパリバ | BNP Paribas | bank | | bnpparibas.com | bnpparibas;bnp
credit-agricole | クレディ・アグリコル | Crédit Agricole | bank | Credit Agricole | credit-agricole.fr | credit-agricole
banque-postale | ラ・バンク・ポスタル | La Banque Postale | bank | | labanquepostale.fr | labanquepostale
boursorama | ブルソラマ | Boursorama | bank | | boursorama.com | boursorama
nickel | ニッケル | Nickel | bank | Compte Nickel | nickel.eu |
cic | CIC | CIC | bank | | |
ing | ING | ING | bank | | ing.com;ing.nl | ing
rabobank | ラボバンク | Rabobank | bank | | rabobank.nl;rabobank.com | rabobank
regiobank | レギオバンク | RegioBank | bank | | regiobank.nl | regiobank
sns-bank | SNS銀行 | SNS Bank | bank | | snsbank.nl | snsbank
argenta | アルヘンタ | Argenta | bank | | argenta.be | argenta
crelan | クレラン | Crelan | bank | | crelan.be | crelan
postbank | ポストバンク | Postbank | bank | | postbank.de | postbank
consorsbank | コンソルスバンク | Consorsbank | bank | | consorsbank.de | consorsbank
targobank | タルゴバンク | TARGOBANK | bank | | targobank.de | targobank
sparkasse | シュパルカッセ | Sparkasse | bank | | sparkasse.de | sparkasse
volksbank | フォルクスバンク・ライファイゼンバンク | Volksbanken Raiffeisenbanken | bank | | vr.de | volksbank;raiffeisen
raiffeisen | ライファイゼン銀行 | Raiffeisen Bank | bank | | | raiffeisen
bawag | BAWAG P.S.K. | BAWAG P.S.K. | bank | | bawag.at | bawag
intesa | インテーザ・サンパオロ | Intesa Sanpaolo | bank | Banca Intesa | intesasanpaolo.com | intesa
# UniCredit Banca di Roma was merged into UniCredit Banca.
unicredit | ユニクレディト | UniCredit | bank | UniCredit Banca;UniCredit Banca di Roma | unicredit.it | unicredit
unicredit-bulbank | ユニクレディット・ブルバンク | UniCredit Bulbank | bank | | unicreditbulbank.bg | bulbank
bnl | BNL | BNL (Banca Nazionale del Lavoro) | bank | | bnl.it | bnl
bper | BPERバンカ | BPER Banca | bank | | bper.it | bper
mps | モンテ・デイ・パスキ・ディ・シエナ銀行 | Banca Monte dei Paschi di Siena | bank | | mps.it |
nordea | ノルデア | Nordea | bank | | nordea.com | nordea
danske | ダンスケ銀行 | Danske Bank | bank | DanskeBank | danskebank.com;danskebank.dk | danskebank
handelsbanken | スウェーデン・ハンデルスバンケン | Svenska Handelsbanken | bank | Handelsbanken | handelsbanken.se;handelsbanken.com | handelsbanken
sparebank1 | スパーレバンク1 | SpareBank 1 | bank | | sparebank1.no | sparebank
op-bank | OP銀行 | OP Bank | bank | | op.fi |
csob | ČSOB | ČSOB | bank | CSOB | csob.cz;csob.sk | csob
# MKB Bank became MBH Bank in 2023; 'MHB Bank' is a transposition of MBH (its URL path reads 'mkb').
mbh | MBH銀行 | MBH Bank (MKB Bank) | bank | MBH Bank;MKB Bank;MHB Bank | mkb.hu | mkb
otp | OTP銀行 | OTP Bank | bank | | otpbank.hu | otpbank
fibank | ファースト・インベストメント・バンク | Fibank (First Investment Bank) | bank | Fibank | fibank.bg | =fibank
ubb | ユナイテッド・ブルガリアン・バンク | United Bulgarian Bank | bank | | ubb.bg | ubb
first-bank-ro | ファースト・バンク | First Bank | bank | | |
pko | PKOポーランド銀行 | PKO Bank Polski | bank | | pkobp.pl | pkobp
tinkoff | ティンコフ銀行 | Tinkoff Bank | bank | | tinkoff.ru | tinkoff
alpha-bank | アルファ銀行 | Alpha Bank | bank | | alpha.gr |
piraeus | ピレウス銀行 | Piraeus Bank | bank | | piraeusbank.gr | piraeusbank
bank-of-cyprus | キプロス銀行 | Bank of Cyprus | bank | | bankofcyprus.com | bankofcyprus
# --- Asia-Pacific, Middle East, Africa, Latin America ----------------------------------------------
commbank | コモンウェルス銀行 | Commonwealth Bank of Australia | bank | Commonwealth Bank;NetBank;CommBank | commbank.com.au | commbank
anz | ANZ | ANZ | bank | | anz.com;anz.com.au | anz
nab | ナショナル・オーストラリア銀行 | National Australia Bank | bank | NAB | nab.com.au | nab
suncorp | サンコープ銀行 | Suncorp Bank | bank | | suncorp.com.au | suncorp
bendigo | ベンディゴ銀行 | Bendigo Bank | bank | | bendigobank.com.au | bendigobank
great-southern | グレート・サザン銀行 | Great Southern Bank | bank | | greatsouthernbank.com.au | greatsouthernbank
amp | AMP | AMP Limited | bank | | amp.com.au |
kiwibank | キウイバンク | Kiwibank | bank | | kiwibank.co.nz | kiwibank
bnz | ニュージーランド銀行 | Bank of New Zealand | bank | | bnz.co.nz | bnz
dbs | DBS銀行 | DBS Bank | bank | DBS PayLah;DBS | dbs.com;dbs.com.sg | dbs;paylah
ocbc | OCBC銀行 | OCBC Bank | bank | | ocbc.com | ocbc
uob | UOB | United Overseas Bank | bank | | uob.com.sg | uob
cimb | CIMB銀行 | CIMB Bank | bank | | cimb.com;cimbclicks.com.my | cimb
bpi | フィリピン・アイランズ銀行 | Bank of the Philippine Islands | bank | BPI | bpi.com.ph | bpi
bdo | BDOユニバンク | BDO Unibank | bank | | bdo.com.ph | bdo
unionbank-ph | ユニオンバンク | Union Bank of the Philippines | bank | | unionbankph.com | unionbankph
bangkok-bank | バンコク銀行 | Bangkok Bank | bank | | bangkokbank.com | bangkokbank
vietcombank | ベトコムバンク | Vietcombank | bank | | vietcombank.com.vn | vietcombank
vpbank | VPバンク | VPBank | bank | | vpbank.com.vn | vpbank
mb-bank | MBバンク | MB Bank | bank | | mbbank.com.vn | mbbank
agribank | アグリバンク | Agribank | bank | | agribank.com.vn | agribank
acb | アジア商業銀行 | Asia Commercial Bank | bank | ASIA COMMERCIAL BANK(ACB);ACB | acb.com.vn | acb
sacombank | サコムバンク | Sacombank | bank | | sacombank.com.vn | sacombank
ccb | 中国建設銀行 | China Construction Bank | bank | | ccb.com | ccb
icbc | 中国工商銀行 | ICBC | bank | | icbc.com.cn | icbc
boc | 中国銀行 | Bank of China | bank | | boc.cn;bankofchina.com | bankofchina
bochk | 中國銀行(香港) | Bank of China (Hong Kong) | bank | | bochk.com | bochk
abc-china | 中国農業銀行 | Agricultural Bank of China | bank | | abchina.com | abchina
spdb | 上海浦東発展銀行 | Shanghai Pudong Development Bank | bank | SPD BANK | spdb.com.cn | spdb
cmb | 招商銀行 | China Merchants Bank | bank | | cmbchina.com | cmbchina
citic | 中信銀行 | China CITIC Bank | bank | | citicbank.com | citic
ping-an | 平安銀行 | Ping An Bank | bank | | pingan.com | pingan
hang-seng | 恒生銀行 | Hang Seng Bank | bank | | hangseng.com | hangseng
axis-bank | アクシス銀行 | Axis Bank | bank | | axisbank.com | axisbank
rbl | RBL銀行 | RBL Bank | bank | | rblbank.com | rblbank
bank-al-habib | バンク・アル・ハビブ | Bank AL Habib | bank | | bankalhabib.com | bankalhabib
commercial-bank-ceylon | セイロン商業銀行 | Commercial Bank of Ceylon | bank | | combank.lk | combank
emirates-nbd | エミレーツNBD | Emirates NBD | bank | | emiratesnbd.com | emiratesnbd
absa | ABSA | ABSA Bank | bank | Absa | absa.co.za | absa
standard-bank | スタンダード銀行 | Standard Bank | bank | | standardbank.co.za | standardbank
nedbank | ネッドバンク | Nedbank | bank | | nedbank.co.za | nedbank
capitec | キャピテック銀行 | Capitec Bank | bank | | capitecbank.co.za | capitec
fnb | ファースト・ナショナル・バンク | First National Bank | bank | | |
itau | イタウ | Itaú | bank | Itau | itau.com.br | itau
bradesco | ブラデスコ | Bradesco | bank | | bradesco.com.br | bradesco
banco-do-brasil | ブラジル銀行 | Banco do Brasil | bank | | bb.com.br | bancodobrasil
bancolombia | バンコロンビア | Bancolombia | bank | | bancolombia.com | bancolombia
bancoestado | バンコエスタード | BancoEstado | bank | | bancoestado.cl | bancoestado
galicia | ガリシア銀行 | Banco Galicia | bank | | bancogalicia.com | bancogalicia
supervielle | スーペルビエジェ銀行 | Banco Supervielle | bank | | supervielle.com.ar | supervielle
# --- payment ------------------------------------------------------------------------------------------
paypal | ペイパル | PayPal | payment | PayPal(日本語) | paypal.com;paypal.me | paypal
interac | インタラック | Interac | payment | | interac.ca | =interac
nets | ネッツ | Nets | payment | | nets.eu |
nexi | ネクシ | Nexi | payment | Nexi Payments | nexi.it | nexi
paylife | PayLife | PayLife | payment | | paylife.at | paylife
bankid-no | BankID BankAxept | BankID BankAxept | payment | | bankid.no | bankid
enets | eNETS | eNETS | payment | | enets.sg | enets
pagseguro | パグセグーロ | PagSeguro | payment | | pagseguro.uol.com.br | pagseguro
mercadopago | メルカドパゴ | Mercado Pago | payment | MercadoPago | mercadopago.com | mercadopago
wise | ワイズ | Wise | payment | TransferWise | wise.com | transferwise
western-union | ウエスタンユニオン | Western Union | payment | | westernunion.com | westernunion
moneygram | マネーグラム | MoneyGram | payment | | moneygram.com | moneygram
neteller | ネッテラー | Neteller | payment | | neteller.com | neteller
# --- brokers, exchanges ------------------------------------------------------------------------------
schwab | チャールズ・シュワブ | Charles Schwab | securities | | schwab.com | schwab
fidelity | フィデリティ | Fidelity | securities | | fidelity.com | =fidelity
etrade | イー・トレード | E*TRADE | securities | ETRADE | etrade.com | etrade
saxo | サクソバンク | Saxo Bank | securities | | saxobank.com | saxobank
fxpro | FxPro | FxPro | securities | | fxpro.com | fxpro
fxcm | FXCM | FXCM | securities | | fxcm.com | fxcm
forex-com | FOREX.com | FOREX.com | securities | | forex.com |
forexwap | forexwap | forexwap | securities | | |
sgx | シンガポール取引所 | Singapore Exchange | securities | Singapore Exchange Limited | sgx.com | sgx
# --- crypto -------------------------------------------------------------------------------------------
myetherwallet | マイイーサウォレット | MyEtherWallet | crypto | | myetherwallet.com | myetherwallet
metamask | メタマスク | MetaMask | crypto | | metamask.io | metamask
binance | バイナンス | Binance | crypto | | binance.com | binance
blockchain-com | ブロックチェーン・ドットコム | Blockchain.com | crypto | Blockchain | blockchain.com |
trust-wallet | トラストウォレット | Trust Wallet | crypto | | trustwallet.com | trustwallet
huobi | フォビ | Huobi | crypto | | huobi.com | huobi
# OKEx renamed itself OKX in 2022.
okx | OKX | OKX (OKEx) | crypto | OKEx | okx.com | okx;okex
xt-com | XT.COM | XT.COM | crypto | | xt.com |
luno | ルノ | Luno | crypto | | luno.com | luno
coinbase | コインベース | Coinbase | crypto | | coinbase.com | coinbase
kucoin | クーコイン | KuCoin | crypto | | kucoin.com | kucoin
bitmex | ビットメックス | BitMEX | crypto | | bitmex.com | bitmex
walletconnect | ウォレットコネクト | WalletConnect | crypto | | walletconnect.com | walletconnect
bitstamp | ビットスタンプ | Bitstamp | crypto | | bitstamp.net | bitstamp
`;
