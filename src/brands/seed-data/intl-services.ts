/**
 * Global platforms and non-financial brands outside Japan. Format: see ../seed-table.ts.
 * Official domains leave out hosts where third parties publish content (sharepoint.com, sites.google.com,
 * amazonaws.com…): the matcher treats those as hosting, never as the brand's own site.
 */
export const INTL_SERVICES = `
# --- IT, cloud, mail, hosting --------------------------------------------------------------------------
# Apple ID, iCloud, the Apple Store, Apple Pay and iTunes Connect are one Apple Account.
apple | アップル | Apple | it_service | Apple ID;Apple Store;iCloud;Apple Pay;iTunes Connect;iTunes | apple.com;icloud.com;me.com | apple;appleid;icloud;itunes
# OneDrive, Office 365, Outlook and SharePoint sign in with one Microsoft account.
microsoft | マイクロソフト | Microsoft | it_service | Office365;Office 365;Microsoft 365;OneDrive;Outlook;Outlook.com;Outlook Web App;SharePoint;Hotmail | microsoft.com;live.com;outlook.com;office.com;office365.com;microsoftonline.com;hotmail.com | microsoft;office365;onedrive;sharepoint;outlook;hotmail;o365
google | グーグル | Google | it_service | Google Play;Gmail | google.com;gmail.com | google;gmail
yahoo | Yahoo!（米国） | Yahoo! | it_service | Yahoo;Yahoo Mail | yahoo.com | yahoo
yahoo-japan | ヤフー・ジャパン | Yahoo! JAPAN | it_service | Yahoo JAPAN;ヤフー | yahoo.co.jp | yahoo;yahoo+jp;yahoo+japan
aol | AOL | AOL | it_service | | aol.com | aol
gmx | GMX | GMX | it_service | | gmx.net;gmx.de | gmx
netease | ネットイース | NetEase | it_service | NET EASE | netease.com;163.com | netease
adobe | アドビ | Adobe | it_service | | adobe.com | adobe
docusign | ドキュサイン | DocuSign | it_service | | docusign.com;docusign.net | docusign
dropbox | ドロップボックス | Dropbox | it_service | | dropbox.com | dropbox
box | ボックス | Box | it_service | | box.com |
wetransfer | ウィートランスファー | WeTransfer | it_service | | wetransfer.com | wetransfer
evernote | エバーノート | Evernote | it_service | | evernote.com | evernote
github | ギットハブ | GitHub | it_service | | github.com | github
okta | オクタ | Okta | it_service | | okta.com |
zoominfo | ズームインフォ | ZoomInfo | it_service | | zoominfo.com | zoominfo
workday | ワークデイ | Workday | it_service | | workday.com | =workday
# QuickBooks is Intuit's product on the Intuit account.
intuit | インテュイット | Intuit | it_service | QuickBooks | intuit.com | intuit;quickbooks
symantec | シマンテック | Symantec | it_service | | symantec.com | symantec
blackboard | ブラックボード | Blackboard | it_service | | blackboard.com |
tuya | トゥヤ | Tuya | it_service | TUYA | tuya.com | tuya
godaddy | ゴーダディ | GoDaddy | it_service | | godaddy.com | godaddy
ovh | OVH | OVHcloud | it_service | OVH | ovh.com;ovhcloud.com | ovh
ionos | アイオノス | IONOS | it_service | 1&1 Ionos;1&1 | ionos.com;1and1.com | ionos
rackspace | ラックスペース | Rackspace | it_service | | rackspace.com | rackspace
squarespace | スクエアスペース | Squarespace | it_service | | squarespace.com | squarespace
register-it | Register.it | Register.it | it_service | | register.it |
aruba | アルバ | Aruba S.p.A. | it_service | | aruba.it |
strato | ストラト | STRATO | it_service | | strato.de | strato
host-europe | ホストヨーロッパ | Host Europe | it_service | | hosteurope.de | hosteurope
nominalia | ノミナリア | Nominalia | it_service | | nominalia.com | nominalia
locaweb | ロカウェブ | Locaweb | it_service | | locaweb.com.br | locaweb
cpanel | シーパネル | cPanel | it_service | | cpanel.net | cpanel
roundcube | ラウンドキューブ | Roundcube | it_service | Roundcube Webmail | roundcube.net | roundcube
zimbra | ジンブラ | Zimbra | it_service | | zimbra.com | zimbra
coremail | コアメール | Coremail | it_service | | coremail.cn | coremail
e-boks | e-Boks | e-Boks | it_service | | e-boks.com | e-boks
# --- social -------------------------------------------------------------------------------------------
# Meta is the company behind Facebook; the 'Meta' phishing is Facebook account phishing.
facebook | フェイスブック | Facebook (Meta) | social | Facebook;Meta;Meta Platforms | facebook.com;fb.com;meta.com | facebook
instagram | インスタグラム | Instagram | social | | instagram.com | instagram
whatsapp | ワッツアップ | WhatsApp | social | | whatsapp.com | whatsapp
telegram | テレグラム | Telegram | social | | telegram.org;t.me | telegram
twitter | ツイッター | Twitter (X) | social | Twitter;X | twitter.com;x.com | twitter
tiktok | ティックトック | TikTok | social | | tiktok.com | tiktok
snapchat | スナップチャット | Snapchat | social | | snapchat.com | snapchat
linkedin | リンクトイン | LinkedIn | social | Linked in | linkedin.com | linkedin
naver | ネイバー | NAVER | social | | naver.com | naver
daum | ダウム | Daum | social | | daum.net | daum
eharmony | イーハーモニー | eharmony | social | | eharmony.com | eharmony
# --- entertainment ------------------------------------------------------------------------------------
netflix | ネットフリックス | Netflix | entertainment | | netflix.com | netflix
spotify | スポティファイ | Spotify | entertainment | | spotify.com | spotify
disney | ディズニー | Disney | entertainment | | disney.com;disneyplus.com | disney
# Hulu in Japan (hulu.jp) and the US service (hulu.com) are different companies under one licensed brand;
# the label does not say which, so the brand carries both.
hulu | フールー | Hulu | entertainment | | hulu.jp;hulu.com | hulu
# Steam Community is part of Steam, on the same account.
steam | スチーム | Steam | entertainment | Steam Community | steampowered.com;steamcommunity.com | steampowered;steamcommunity;=steam
# --- e-commerce, travel -------------------------------------------------------------------------------
alibaba | アリババ | Alibaba.com | ecommerce | | alibaba.com | alibaba
ebay | イーベイ | eBay | ecommerce | | ebay.com | ebay
made-in-china | メイド・イン・チャイナ | Made-in-China.com | ecommerce | | made-in-china.com | made-in-china
global-sources | グローバルソース | Global Sources | ecommerce | | globalsources.com | globalsources
magazine-luiza | マガジン・ルイザ | Magazine Luiza | ecommerce | | magazineluiza.com.br | magazineluiza
americanas | アメリカナス | Americanas | ecommerce | | americanas.com.br | americanas
casas-bahia | カザス・バイア | Casas Bahia | ecommerce | | casasbahia.com.br | casasbahia
linio | リニオ | Linio | ecommerce | | linio.com |
home-depot | ホーム・デポ | The Home Depot | ecommerce | Home Depot | homedepot.com | homedepot
tesco | テスコ | Tesco | ecommerce | TESCO | tesco.com | tesco
carrefour | カルフール | Carrefour | ecommerce | | carrefour.com;carrefour.fr | carrefour
craigslist | クレイグスリスト | Craigslist | ecommerce | | craigslist.org | craigslist
autoscout24 | オートスカウト24 | AutoScout24 | ecommerce | | autoscout24.com;autoscout24.de | autoscout24
mobile-de | mobile.de | mobile.de | ecommerce | | mobile.de |
immowelt | イモヴェルト | Immowelt | ecommerce | Immowelt AG | immowelt.de | immowelt
booking | ブッキング・ドットコム | Booking.com | ecommerce | | booking.com | =booking
airbnb | エアビーアンドビー | Airbnb | ecommerce | | airbnb.com | airbnb
homeaway | ホームアウェイ | HomeAway | ecommerce | | homeaway.com | homeaway
trip-com | トリップドットコム | Trip.com | ecommerce | | trip.com |
# --- transport, delivery --------------------------------------------------------------------------------
uber | ウーバー | Uber | transport | | uber.com | uber
cathay-pacific | キャセイパシフィック航空 | Cathay Pacific Airways | transport | | cathaypacific.com | cathaypacific
smiles | スマイルズ | Smiles | transport | | smiles.com.br |
mtr | 香港鉄路 | MTR Corporation | transport | | mtr.com.hk |
avis | エイビス | Avis | transport | | avis.com | =avis
dhl | DHL | DHL | delivery | Deutsche Post DHL | dhl.com;dhl.de;dpdhl.com | dhl
ups | UPS | UPS | delivery | United Parcel Service Inc.;United Parcel Service | ups.com | ups
fedex | フェデックス | FedEx | delivery | | fedex.com | fedex
usps | 米国郵便公社 | USPS | delivery | | usps.com | usps
royal-mail | ロイヤルメール | Royal Mail | delivery | | royalmail.com | royalmail
# 'DIE POST' is the German wordmark of Swiss Post.
swiss-post | スイスポスト | Swiss Post | delivery | DIE POST | post.ch | swisspost
australia-post | オーストラリア郵便 | Australia Post | delivery | | auspost.com.au | auspost
singapore-post | シンガポール・ポスト | Singapore Post | delivery | SingPost | singpost.com | singpost
hongkong-post | 香港郵政 | Hongkong Post | delivery | | hongkongpost.hk | hongkongpost
nz-post | ニュージーランド・ポスト | New Zealand Post | delivery | | nzpost.co.nz | nzpost
poste-italiane | ポステ・イタリアーネ | Poste Italiane | delivery | | poste.it;posteitaliane.it | posteitaliane
correos | コレオス | Correos | delivery | | correos.es | correos
correos-chile | コレオス・デ・チレ | Correos de Chile | delivery | Correos Chile | correos.cl | correoschile
bpost | ビーポスト | bpost | delivery | | bpost.be | bpost
postnord | ポストノルド | PostNord | delivery | Post Nord | postnord.com;postnord.se | postnord
posten-norge | ポステン・ノルゲ | Posten Norge | delivery | | posten.no |
magyar-posta | マジャール・ポシュタ | Magyar Posta | delivery | | posta.hu | magyar-posta
israel-post | イスラエル郵便 | Israel Postal Company | delivery | | israelpost.co.il | israelpost
iceland-post | アイスランド郵便 | Iceland Post | delivery | | posturinn.is | posturinn
sa-post-office | 南アフリカ郵便 | South African Post Office | delivery | | |
mondial-relay | モンディアル・ルレ | Mondial Relay | delivery | | mondialrelay.fr | mondialrelay
dpd | DPD | DPDgroup | delivery | DPD | dpd.com | dpd
gls | GLS | GLS Group | delivery | | gls-group.eu | gls-group
sf-express | SFエクスプレス | SF Express | delivery | | sf-express.com | sf-express
aramex | アラメックス | Aramex | delivery | | aramex.com | aramex
maersk | マースク | Maersk | delivery | MAERSK | maersk.com | maersk
# --- telecom ------------------------------------------------------------------------------------------
bt | BT | BT | telecom | | bt.com | btinternet;btconnect
virgin-media | ヴァージン・メディア | Virgin Media | telecom | | virginmedia.com | virginmedia
vodafone | ボーダフォン | Vodafone | telecom | | vodafone.com | vodafone
deutsche-telekom | ドイツテレコム | Deutsche Telekom | telecom | Deutsche Telekom AG | telekom.de;telekom.com | telekom
a1-telekom | A1テレコム・オーストリア | A1 Telekom Austria | telecom | | a1.net |
netcologne | ネットケルン | NetCologne | telecom | | netcologne.de | netcologne
arcor | アルコア | Arcor | telecom | | arcor.de |
swisscom | スイスコム | Swisscom | telecom | | swisscom.ch | swisscom
upc-ch | UPCスイス | UPC Switzerland | telecom | | upc.ch |
ziggo | ジゴ | Ziggo | telecom | | ziggo.nl | ziggo
telia | テリア | Telia | telecom | | telia.com |
telenor | テレノール | Telenor | telecom | | telenor.com | telenor
arnes | ARNES | ARNES (Academic and Research Network of Slovenia) | telecom | | arnes.si |
bell-canada | ベル・カナダ | Bell Canada | telecom | | bell.ca |
verizon | ベライゾン | Verizon | telecom | | verizon.com | verizon
att | AT&T | AT&T | telecom | | att.com |
xfinity | エクスフィニティ | Xfinity (Comcast) | telecom | XFINITY | xfinity.com | xfinity
cox | コックス | Cox Communications | telecom | | cox.com |
centurylink | センチュリーリンク | CenturyLink | telecom | | centurylink.com | centurylink
optimum | オプティマム | Optimum | telecom | | optimum.net |
optus | オプタス | Optus | telecom | | optus.com.au | optus
singtel | シングテル | Singtel | telecom | | singtel.com | singtel
hinet | HiNet | HiNet | telecom | | hinet.net | hinet
mweb | MWEB | MWEB | telecom | | mweb.co.za | mweb
# --- government -------------------------------------------------------------------------------------
gov-uk | 英国政府 | GOV.UK | government | | gov.uk | gov-uk
tv-licensing | TVライセンス | TV Licensing | government | | tvlicensing.co.uk | tvlicensing
nhs | 国民保健サービス | National Health Service | government | NHS | nhs.uk | nhs
au-gov | オーストラリア政府 | Australian Government | government | | gov.au |
canada-revenue | カナダ歳入庁 | Canada Revenue Agency | government | CRA | cra-arc.gc.ca | cra-arc
canada-gov | カナダ政府 | Government of Canada | government | | canada.ca |
irs | 米国内国歳入庁 | IRS | government | Internal Revenue Service | irs.gov | irs
singapore-police | シンガポール警察 | Singapore Police Force | government | | police.gov.sg |
brazil-agriculture | ブラジル農務省 | Brazil Ministry of Agriculture, Livestock, and Food Supply | government | | |
nav-hungary | ハンガリー国税関税庁 | National Tax and Customs Administration of Hungary | government | | nav.gov.hu |
agencia-tributaria | スペイン税務庁 | Agencia Tributaria | government | | agenciatributaria.gob.es;agenciatributaria.es | agenciatributaria
impots-gouv | フランス財務総局 | impots.gouv.fr | government | | impots.gouv.fr | impots
# eFiling is SARS's online filing service.
sars | 南アフリカ歳入庁 | South African Revenue Service | government | SARS eFILING;SARS | sars.gov.za |
belgium-finance | ベルギー連邦財務省 | Federal Public Service Finance (Belgium) | government | Federal Public Service Finance | finances.belgium.be |
# Danish national digital ID; MitID replaced NemID in 2021.
mitid | MitID | MitID (Denmark) | government | NemID | mitid.dk;nemid.nu | mitid;nemid
# --- utilities -------------------------------------------------------------------------------------------
engie | エンジー | ENGIE | utility | | engie.com | engie
endesa | エンデサ | Endesa | utility | | endesa.com | endesa
orsted | オーステッド | Ørsted | utility | Orsted | orsted.com | orsted
mvm-next | MVM Next | MVM Next | utility | | mvmnext.hu | mvmnext
# --- universities -----------------------------------------------------------------------------------
buffalo | バッファロー大学 | University at Buffalo | education | | buffalo.edu |
ubc | ブリティッシュコロンビア大学 | The University of British Columbia | education | | ubc.ca |
columbia | コロンビア大学 | Columbia University | education | | columbia.edu |
northeastern | ノースイースタン大学 | Northeastern University | education | | northeastern.edu |
simmons | シモンズ大学 | Simmons University | education | | simmons.edu |
indiana | インディアナ大学 | Indiana University | education | | iu.edu |
charles-sturt | チャールズ・スタート大学 | Charles Sturt University | education | | csu.edu.au |
wollongong | ウーロンゴン大学 | University of Wollongong | education | | uow.edu.au |
turku | トゥルク大学 | University of Turku | education | | utu.fi |
innsbruck | インスブルック大学 | University of Innsbruck | education | | uibk.ac.at |
# --- others -----------------------------------------------------------------------------------------------
ioc | 国際オリンピック委員会 | International Olympic Committee | other | IOC | olympics.com |
mckinsey | マッキンゼー | McKinsey & Company | other | McKinsey & Campany | mckinsey.com | mckinsey
deloitte | デロイト トーマツ | Deloitte Touche Tohmatsu | other | | deloitte.com | deloitte
axa | アクサ | AXA | other | | axa.com | axa
`;
