import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translate } from '../../i18n/translate.ts';

/** URL features (src/urls/features.ts) with a label; one not listed here is shown as its code. */
const FEATURES = new Set([
  'short_url',
  'dynamic_dns',
  'free_hosting',
  'cloud_hosting',
  'open_redirect',
  'random_subdomain',
  'ip_host',
  'punycode',
  'non_standard_port',
]);

export function featureLabel(t: Translate, feature: string): string {
  return FEATURES.has(feature) ? t(`urlpage.feature.${feature}` as MessageKey) : feature;
}
