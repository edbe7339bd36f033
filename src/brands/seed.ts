/**
 * The brand registry seed: every impersonated-brand label in JPCERT/CC's phishing URL list (2019-01 to
 * 2023-12, 717 distinct labels) resolves to exactly one brand below, or is listed in NON_BRAND_LABELS.
 * `npx tsx bench/brand-labels.ts` prints every label with its brand; seed.test.ts enforces full coverage.
 *
 * Merge rule (what counts as ONE brand, as the monthly report's "brands abused" should count it):
 * 1. Spellings, languages and abbreviations of one name merge: Amazon / アマゾン, Rakuten / 楽天,
 *    Linked in / LinkedIn, MUFG Nicos / NICOS / 三菱UFJニコス.
 * 2. A renamed or merged organisation keeps one brand: ジャパンネット銀行 → PayPay銀行, OKEx → OKX,
 *    NemID → MitID, MKB → MBH Bank, SunTrust / BB&T → Truist, Alaska USA → Global Credit Union.
 * 3. A login site, app, card or product merges into its brand when the SAME organisation runs it on the
 *    SAME customer account: Vpass and SMBC Card → 三井住友カード; MY TS3 and TS CUBIC CARD → トヨタファイナンス;
 *    iCloud, Apple Store, Apple Pay → Apple; OneDrive, Office365, Outlook, SharePoint → Microsoft;
 *    KDDI → au; ラクマ → 楽天; じゃらん → Recruit; NHKプラス → NHK; ひかりTV → ぷらら; Steam Community → Steam.
 * 4. Everything else stays apart, even inside one group, because the victim holds a separate account with
 *    a separately run company: 楽天 / 楽天カード / 楽天銀行 / 楽天証券; PayPay / PayPay銀行; メルカリ / メルペイ;
 *    イオンカード / イオン銀行; 三井住友銀行 / 三井住友カード / SMBCモビット; えきねっと / モバイルSuica / ビューカード
 *    (JR East runs the first two on separate accounts); Bank of China / Bank of China (Hong Kong).
 *    Subsidiaries trading under the group's own name in another country merge (Santander Brasil →
 *    Santander, Banca Intesa → Intesa Sanpaolo) unless they carry their own name (UniCredit Bulbank).
 *
 * Official domains are only those known for certain; brands whose domain we could not vouch for have
 * none (the matcher then relies on keywords only, or nothing).
 */
import type { BrandSeed } from './brand.ts';
import { INTL_FINANCE } from './seed-data/intl-finance.ts';
import { INTL_SERVICES } from './seed-data/intl-services.ts';
import { JP_FINANCE } from './seed-data/jp-finance.ts';
import { JP_SERVICES } from './seed-data/jp-services.ts';
import { assertConsistentSeed, parseBrandTable } from './seed-table.ts';

/** Labels that name no single organisation, with the reason. They resolve to no brand on purpose. */
export const NON_BRAND_LABELS: ReadonlyMap<string, string> = new Map([
  ['-', 'placeholder: JPCERT/CC recorded no brand'],
  ['WebMail', 'generic word: any organisation running a webmail login page'],
  ['Federal Credit Union', 'generic: the legal form shared by hundreds of US credit unions'],
  ['VISA / MasterCard', 'list of two brands: not attributable to one'],
  ['VISA / Mastercard', 'list of two brands: not attributable to one'],
  ['3Dセキュア', 'a card authentication protocol (EMV 3-D Secure), not an organisation'],
  ['ZERO', 'bare common word; the organisation cannot be identified from the label'],
  ['Sure', 'bare common word; the organisation cannot be identified from the label'],
]);

export const BRAND_SEED: BrandSeed[] = [
  ...parseBrandTable(JP_FINANCE, 'seed-data/jp-finance.ts'),
  ...parseBrandTable(JP_SERVICES, 'seed-data/jp-services.ts'),
  ...parseBrandTable(INTL_FINANCE, 'seed-data/intl-finance.ts'),
  ...parseBrandTable(INTL_SERVICES, 'seed-data/intl-services.ts'),
];

assertConsistentSeed(BRAND_SEED, NON_BRAND_LABELS.keys());
