/** Public API of the URL intelligence module (pure functions: no database, no network). */
export { analyzeUrl, type UrlAnalysis } from './analyze.ts';
export {
  type CanonicalParts,
  canonicalizeUrl,
  canonicalizeUrlParts,
  type HostKind,
  MAX_URL_BYTES,
} from './canonicalize.ts';
export { defang, defangText, maskUrl, refang } from './defang.ts';
export { isKnownPublicSuffix, type ParsedHost, parseHost } from './domain.ts';
export { type FullHash, fullHashes, hashPrefix, lookupExpressions, sha256Hex } from './expressions.ts';
export {
  decodeEntities,
  extractUrls,
  extractUrlsFromHtml,
  MAX_EXTRACT_INPUT,
  MAX_EXTRACTED_URLS,
} from './extract.ts';
export { looksRandomLabel, type UrlFeature, urlFeatures } from './features.ts';
