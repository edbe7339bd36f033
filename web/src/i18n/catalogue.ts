/**
 * The one i18n catalogue, shared by the server-rendered public pages and the React console.
 * Japanese is the default language; every key must exist in both (the types and a test check).
 * Each module keeps its messages in its own file under ./messages so that parallel work never edits the
 * same file; keys are prefixed by the module's name.
 */
import * as accounts from './messages/accounts.ts';
import * as alerts from './messages/alerts.ts';
import * as appeals from './messages/appeals.ts';
import * as brands from './messages/brands.ts';
import * as campaigns from './messages/campaigns.ts';
import * as core from './messages/core.ts';
import * as monthly from './messages/monthly.ts';
import * as outcome from './messages/outcome.ts';
import * as sharing from './messages/sharing.ts';
import * as survival from './messages/survival.ts';
import * as takedowns from './messages/takedowns.ts';
import * as triage from './messages/triage.ts';
import * as urlpage from './messages/urlpage.ts';
import * as victim from './messages/victim.ts';

export const LANGUAGES = ['ja', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'ja';

const ja = {
  ...core.ja,
  ...accounts.ja,
  ...triage.ja,
  ...campaigns.ja,
  ...takedowns.ja,
  ...alerts.ja,
  ...victim.ja,
  ...monthly.ja,
  ...sharing.ja,
  ...brands.ja,
  ...survival.ja,
  ...urlpage.ja,
  ...appeals.ja,
  ...outcome.ja,
};

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  ...core.en,
  ...accounts.en,
  ...triage.en,
  ...campaigns.en,
  ...takedowns.en,
  ...alerts.en,
  ...victim.en,
  ...monthly.en,
  ...sharing.en,
  ...brands.en,
  ...survival.en,
  ...urlpage.en,
  ...appeals.en,
  ...outcome.en,
};

export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { ja, en };
