/**
 * Platforms where anyone can publish: forms, file sharing, document signing, site builders, workers and
 * pages hosts, messaging links, shorteners, dynamic DNS. A brand's official domain may contain one
 * (docs.google.com under google.com, onedrive.live.com under live.com), and a whole-domain allowlist entry
 * over it would hide every phishing page published there. So no `domain` or `host` entry ever covers a
 * host on these zones; only `path` entries (a host and an exact path, or a path prefix ending in `*`) do:
 * URLs there are triaged by path.
 *
 * A zone matches the host and every subdomain of it. Keep entries lowercase ASCII; every one is a real
 * service, most seen in JPCERT/CC's list or the phishing-pot mails.
 */
import {
  CLOUD_HOSTING_PATTERNS,
  CLOUD_HOSTING_ZONES,
  DYNAMIC_DNS_ZONES,
  FREE_HOSTING_ZONES,
  SHORT_URL_HOSTS,
} from '../urls/feature-lists.ts';

/** Publishing, sharing and messaging zones run by brands that are themselves on the official list. */
export const PUBLISHING_ZONES: readonly string[] = [
  // Google: forms, documents, sites, Apps Script, storage, user content
  'docs.google.com',
  'drive.google.com',
  'sites.google.com',
  'script.google.com',
  'forms.google.com',
  'forms.gle',
  'googleusercontent.com',
  'storage.googleapis.com',
  'firebasestorage.googleapis.com',
  'sites.app.goo.gl',
  'groups.google.com',
  'translate.goog',
  // Microsoft: OneDrive, SharePoint, Forms, Sway, tenant names
  'onedrive.live.com',
  '1drv.ms',
  'sharepoint.com',
  'forms.office.com',
  'forms.microsoft.com',
  'sway.office.com',
  'sway.cloud.microsoft',
  'onenote.com',
  'onmicrosoft.com',
  // File sharing and signing
  'dropbox.com',
  'dropboxusercontent.com',
  'db.tt',
  'box.com',
  'box.net',
  'icloud.com',
  'docusign.net',
  'docusign.com',
  'adobe.com',
  'adobesparkpost.app',
  'wetransfer.com',
  'we.tl',
  'mega.nz',
  'mediafire.com',
  'evernote.com',
  'notion.so',
  'canva.com',
  'canva.site',
  'my.canva.site',
  'padlet.com',
  'typeform.com',
  'jotform.com',
  'form.run',
  'formstack.com',
  'surveymonkey.com',
  'wufoo.com',
  // Code and page hosts
  'github.com',
  'githubusercontent.com',
  'github.io',
  'gitlab.com',
  'bitbucket.io',
  'codepen.io',
  'codesandbox.io',
  'stackblitz.io',
  'firebaseapp.com',
  'web.app',
  // Site builders
  'wix.com',
  'wixsite.com',
  'editorx.io',
  'weebly.com',
  'square.site',
  'webflow.io',
  'strikingly.com',
  'jimdo.com',
  'wordpress.com',
  'blogspot.com',
  'blogger.com',
  'medium.com',
  'note.com',
  'telegra.ph',
  'ameblo.jp',
  'fc2.com',
  'peraichi.com',
  'wixstudio.io',
  // Messaging and link pages
  'line.me',
  'lin.ee',
  't.me',
  'telegram.me',
  'wa.me',
  'linktr.ee',
  'lit.link',
  'discord.gg',
  'discord.com',
];

const ZONES = new Set<string>([
  ...PUBLISHING_ZONES,
  ...FREE_HOSTING_ZONES,
  ...CLOUD_HOSTING_ZONES,
  ...SHORT_URL_HOSTS,
  ...DYNAMIC_DNS_ZONES,
]);

/** The open-platform zone the host is on (the host itself or a parent of it), or null. */
export function openPlatformZone(host: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (ZONES.has(h)) return h;
  for (let dot = h.indexOf('.'); dot !== -1; dot = h.indexOf('.', dot + 1)) {
    const suffix = h.slice(dot + 1);
    if (ZONES.has(suffix)) return suffix;
  }
  for (const p of CLOUD_HOSTING_PATTERNS) if (p.test(h)) return 'amazonaws.com';
  return null;
}

export function isOpenPlatform(host: string): boolean {
  return openPlatformZone(host) !== null;
}
