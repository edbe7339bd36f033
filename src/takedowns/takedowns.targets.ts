import { isAppError } from '../errors.ts';
import { analyzeUrl } from '../urls/analyze.ts';

export type ChainTarget = {
  url: string;
  host: string;
  registrableDomain: string | null;
  /** Hops that are not targets and why (shortener, redirector or translation proxy, the brand's own site). */
  skipped: { url: string; reason: 'short_url' | 'open_redirect' | 'official' | 'invalid' }[];
};

function isOfficial(host: string, officialDomains: readonly string[]): boolean {
  return officialDomains.some((d) => {
    const domain = d.toLowerCase().replace(/^\*\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/**
 * Whom a takedown request is about, given the redirect chain (first the reported URL, last the final
 * one): the last hop that is not a legitimate intermediary. Shorteners, open redirectors and translation
 * proxies only pass visitors on, and the brand's own domains are where cloaking sends the unwanted, so
 * none of them is asked to take anything down. Null when every hop is such an intermediary.
 */
export function takedownTarget(
  chain: readonly string[],
  officialDomains: readonly string[],
): ChainTarget | null {
  const skipped: ChainTarget['skipped'] = [];
  let target: Omit<ChainTarget, 'skipped'> | null = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const url = chain[i]!;
    let analysis: ReturnType<typeof analyzeUrl>;
    try {
      analysis = analyzeUrl(url);
    } catch (err) {
      if (!isAppError(err)) throw err;
      skipped.push({ url, reason: 'invalid' });
      continue;
    }
    const reason = isOfficial(analysis.host, officialDomains)
      ? 'official'
      : analysis.features.includes('short_url')
        ? 'short_url'
        : analysis.features.includes('open_redirect')
          ? 'open_redirect'
          : null;
    if (reason) {
      skipped.push({ url, reason });
      continue;
    }
    if (!target) target = { url, host: analysis.host, registrableDomain: analysis.registrableDomain };
  }
  return target ? { ...target, skipped: skipped.reverse() } : null;
}
