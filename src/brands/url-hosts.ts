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
  'onmicrosoft.com', // Microsoft 365 tenant names: anyone picks one (found in the phishing-pot mails)
  // customers' sites and user homepages under a provider's own domain ('*.' = subdomains only)
  '*.heteml.jp',
  '*.wadax.ne.jp',
  '*.dti.ne.jp',
  '*.biglobe.ne.jp',
];

/**
 * Mailbox providers: anyone can have an address there, so a sender on one of these domains (or a
 * subdomain) says nothing about the brand a mail claims to be. Includes Japanese carriers' and ISPs'
 * subscriber mail (@docomo.ne.jp, @au.com, @nifty.com…), whose brands are in the registry.
 */
export const MAILBOX_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.jp',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.net',
  'gmx.de',
  'naver.com',
  'daum.net',
  'hanmail.net',
  '163.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'biglobe.ne.jp',
  'nifty.com',
  'ocn.ne.jp',
  'so-net.ne.jp',
  'plala.or.jp',
  'wakwak.com',
  'dti.ne.jp',
  'odn.ne.jp',
  'hi-ho.ne.jp',
  'asahi-net.or.jp',
  'hinet.net',
  'btinternet.com',
  't-online.de',
];

/** Open redirectors on official hosts: [host, path prefix]. The target is in the query, not the host. */
export const REDIRECTORS: readonly (readonly [string, string])[] = [
  ['linkedin.com', '/slink'],
  ['google.com', '/url'],
  ['google.com', '/amp/'],
  ['safelinks.protection.outlook.com', '/'],
];
