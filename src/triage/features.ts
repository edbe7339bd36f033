import type { UrlFeature } from '../urls/features.ts';

// A record so that a feature added to src/urls is a type error here until it is listed.
const FEATURES: Record<UrlFeature, true> = {
  short_url: true,
  dynamic_dns: true,
  free_hosting: true,
  cloud_hosting: true,
  open_redirect: true,
  random_subdomain: true,
  ip_host: true,
  punycode: true,
  non_standard_port: true,
};

/** URL features the queue can be filtered by. */
export const FEATURE_NAMES = Object.keys(FEATURES) as [UrlFeature, ...UrlFeature[]];
