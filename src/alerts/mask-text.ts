import { parse } from 'tldts';
import { maskUrl } from '../urls/defang.ts';

// A URL-looking token: optional (possibly defanged) scheme, dotted host, optional port and path. ASCII
// only, so the Japanese text around it is left alone.
const URLISH =
  /(?:(?:https?|hxxps?|ttps?):\/\/)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.|\[\.\]))+[a-z][a-z0-9-]*[a-z0-9](?::\d{1,5})?(?:\/[!#-;=?-~]*)?/gi;

/**
 * Masks every URL inside free text (observed subjects and SMS texts) the way alerts print URLs
 * (`https://g57.●●●●.hu/a`), so no live phishing address is published inside a quoted message. A bare
 * host is taken for a URL only when it ends in a real public suffix (`Ver.2` and `Mr.Smith` stay).
 */
export function maskUrlsInText(text: string): string {
  return text.replace(URLISH, (token) => {
    const hasScheme = /^[a-z]+:\/\//i.test(token);
    if (!hasScheme) {
      const host = token.replaceAll('[.]', '.').split(/[/:]/)[0]!;
      if (!parse(host).isIcann) return token;
    }
    try {
      return maskUrl(token);
    } catch {
      return token;
    }
  });
}
