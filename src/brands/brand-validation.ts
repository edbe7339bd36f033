/**
 * What an analyst may put into the registry. A keyword or official domain is evidence that decides the
 * brand of every later URL, so input that would attribute unrelated URLs is refused with its reason:
 * - a keyword that is a common word of phishing URLs ('login', 'card', 'jp'…) or shorter than 3 letters;
 * - an official domain that is a public suffix, or a shared platform where anyone can publish (Google
 *   Sites, Dropbox, webmail, site builders…): URLs there are not "the real service".
 * Only what a change adds is checked, so a seed brand's existing 'au' or 'google.com' stays editable.
 */
import { parse as parseDomain } from 'tldts';
import { AppError } from '../errors.ts';
import { openPlatformZone } from '../triage/open-platforms.ts';
import { SECTORS, type Sector } from './brand.ts';
import { CONTENT_HOSTS, MAILBOX_DOMAINS, REDIRECTORS } from './url-hosts.ts';

/** Words every kind of phishing URL uses: as a brand keyword each would name hundreds of other brands' URLs. */
export const COMMON_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'login logon log-in signin sign-in signon sign auth oauth sso verify verification confirm check secure security ' +
    'safe account accounts acount member members kaiin my mypage user users id pass password update ' +
    'card cards credit debit bank banking pay payment payments money cash point points wallet coin ' +
    'mail email e-mail webmail inbox post delivery parcel tracking track ship shipping express ' +
    'jp japan co com net org info biz xyz top cn ru www web site online app apps mobile ' +
    'service services support help center centre portal official home shop store cloud free gift ' +
    'notice info-center customer client office admin system'
  ).split(/\s+/),
);

/** Platforms on which anyone can publish or hold an address, besides those the URL matcher already lists. */
export const SHARED_PLATFORMS: readonly string[] = [
  'google.com',
  'dropbox.com',
  'github.com',
  'github.io',
  'gitlab.io',
  'box.com',
  'wix.com',
  'wixsite.com',
  'wordpress.com',
  'blogspot.com',
  'medium.com',
  'notion.site',
  'canva.com',
  'linktr.ee',
  'bit.ly',
  'tinyurl.com',
  'cloudflare.com',
  'workers.dev',
  'pages.dev',
  'netlify.app',
  'vercel.app',
  'herokuapp.com',
  'firebaseapp.com',
  'web.app',
  'azurewebsites.net',
  'windows.net',
  'cloudfront.net',
  'ngrok.io',
  'ngrok-free.app',
  'glitch.me',
  'replit.dev',
  'telegra.ph',
  'jimdofree.com',
  'fc2.com',
  'ameblo.jp',
  'wixstudio.io',
  'myshopify.com',
  'square.site',
  'typeform.com',
  'surveymonkey.com',
  'qualtrics.com',
  'formstack.com',
  'jotform.com',
  ...CONTENT_HOSTS,
  ...MAILBOX_DOMAINS,
  ...REDIRECTORS.map(([host]) => host),
];
const shared = new Set(SHARED_PLATFORMS);

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DOMAIN_PATTERN = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const KEYWORD_PATTERN = /^=?[a-z0-9]+([.-][a-z0-9]+)*(\+[a-z0-9]+([.-][a-z0-9]+)*)*$/;

export function normalizeDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, '');
}

export function normalizeKeyword(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * The platform `domain` is on (itself or a parent), or null: this list, or one of the open platforms the
 * triage allowlist never covers by domain (src/triage/open-platforms.ts: file sharing, forms, site
 * builders, cloud and free hosting, shorteners, dynamic DNS, messaging links), so both refuse alike.
 */
export function sharedPlatformOf(domain: string): string | null {
  const open = openPlatformZone(domain);
  if (open) return open;
  for (let i = 0; ; ) {
    const candidate = i === 0 ? domain : domain.slice(i);
    if (shared.has(candidate)) return candidate;
    const dot = domain.indexOf('.', i);
    if (dot < 0) return null;
    i = dot + 1;
  }
}

/** Throws the reason an official domain cannot be added. */
export function assertOfficialDomain(domain: string): void {
  if (!DOMAIN_PATTERN.test(domain)) {
    throw new AppError('brand.invalid_domain', `"${domain}" is not a domain name (e.g. sbisec.co.jp)`, {
      value: domain,
    });
  }
  const p = parseDomain(domain, { allowPrivateDomains: true });
  if (p.isIp || !p.domain || p.publicSuffix === domain) {
    throw new AppError(
      'brand.shared_domain',
      `"${domain}" is a public suffix: anyone can register names under it, so it cannot be a brand's own domain`,
      { value: domain },
    );
  }
  const platform = sharedPlatformOf(domain);
  if (platform) {
    throw new AppError(
      'brand.shared_domain',
      `"${domain}" is on ${platform}, a shared platform where anyone can publish: URLs there are not the brand's own service`,
      { value: domain, platform },
    );
  }
}

/** Throws the reason a keyword cannot be added. */
export function assertKeyword(keyword: string): void {
  if (!KEYWORD_PATTERN.test(keyword)) {
    throw new AppError(
      'brand.invalid_keyword',
      `"${keyword}" is not a keyword: lowercase ASCII letters and digits, '-' or '.' inside, '+' between the parts of a compound, '=' in front for a whole token`,
      { value: keyword },
    );
  }
  const parts = keyword.replace(/^=/, '').split('+');
  if (parts.every((part) => COMMON_KEYWORDS.has(part))) {
    throw new AppError(
      'brand.common_keyword',
      `"${keyword}" is a common word of phishing URLs: it would attribute URLs of every brand to this one`,
      { value: keyword },
    );
  }
  const main = parts[0]!;
  if (parts.length === 1 && main.replace(/[.-]/g, '').length < 3) {
    throw new AppError(
      'brand.common_keyword',
      `"${keyword}" is shorter than 3 characters: it occurs by chance in too many hosts`,
      { value: keyword },
    );
  }
}

export function assertSector(sector: string): asserts sector is Sector {
  if (!(SECTORS as readonly string[]).includes(sector)) {
    throw new AppError('brand.invalid', `unknown sector "${sector}" (one of ${SECTORS.join(', ')})`, {
      value: sector,
    });
  }
}

export function assertSlug(slug: string): void {
  if (!SLUG_PATTERN.test(slug) || slug.length > 64) {
    throw new AppError('brand.invalid', `slug "${slug}": lowercase ASCII letters and digits joined by '-'`, {
      value: slug,
    });
  }
}
