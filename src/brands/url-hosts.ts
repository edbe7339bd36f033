/**
 * Hosts on which a brand's own domain carries content that is not the brand's: the URL matcher never
 * calls them "official" and ignores the platform's own name in them (only the rest of the host and the
 * path can name the phishing target). Suffixes on the Public Suffix List (s3.amazonaws.com, web.app,
 * heteml.net…) are handled already through registrableDomain and need no entry.
 *
 * The last three groups were found by running bench/brands.ts: confirmed phishing URLs that the first
 * version flagged official.
 */
export const CONTENT_HOSTS: readonly string[] = [
  // file sharing, forms, site builders run by brands we list
  'sites.google.com',
  'docs.google.com',
  'drive.google.com',
  'script.google.com',
  'forms.gle',
  'googleusercontent.com',
  'sharepoint.com',
  'onedrive.live.com',
  '1drv.ms',
  'forms.office.com',
  'dropbox.com',
  'app.box.com',
  'express.adobe.com',
  'spark.adobe.com',
  'amazonaws.com',
  'godaddysites.com',
  'onamaeweb.jp',
  'weebly.com',
  'weeblysite.com',
  // customers' sites and user homepages under a provider's own domain ('*.' = subdomains only)
  '*.heteml.jp',
  '*.wadax.ne.jp',
  '*.dti.ne.jp',
  '*.biglobe.ne.jp',
];

/** Open redirectors on official hosts: [host, path prefix]. The target is in the query, not the host. */
export const REDIRECTORS: readonly (readonly [string, string])[] = [
  ['linkedin.com', '/slink'],
  ['google.com', '/url'],
  ['google.com', '/amp/'],
  ['safelinks.protection.outlook.com', '/'],
];
