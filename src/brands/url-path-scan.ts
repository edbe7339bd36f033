/**
 * Evidence from the path (weak: kits put brand names in paths of hacked sites, so it scores below the
 * host and counts as a second channel, url-scores.ts): brand keywords, official domains written into it
 * ('/www.amazon.co.jp/'), and misspelt official names as whole path tokens ('/rekuten/').
 */
import { KIND } from './calibration.ts';
import type { Evidence } from './evidence.ts';
import type { HostTable } from './host-table.ts';
import type { KeywordScan } from './url-keyword-scan.ts';
import type { LookalikeChecks } from './url-lookalikes.ts';
import { PATH, URL_SCORES } from './url-scores.ts';
import { isSep, PATH_DOMAIN_SEP, PATH_SEP } from './url-separators.ts';

export type PathScanDeps = {
  hosts: HostTable;
  /** Official domain → the group name it is built on (url-matcher.ts). */
  groupOf: ReadonlyMap<string, string>;
  scanKeywords: KeywordScan;
  lookalikes: LookalikeChecks;
};

/** scanPath(path, ev): `path` lower-cased and cut to the matcher's MAX_PATH, longer than '/'. */
export function createPathScan({ hosts, groupOf, scanKeywords, lookalikes }: PathScanDeps) {
  const { index, maxToken, lookalikeToken } = lookalikes;

  function scanPathDomains(path: string, ev: Evidence): void {
    for (let start = 0; start < path.length; ) {
      let end = start;
      let dot = false;
      for (; end < path.length; end++) {
        const c = path.charCodeAt(end);
        if (isSep(PATH_DOMAIN_SEP, c)) break;
        if (c === 46) dot = true;
      }
      if (dot && end - start >= 4) {
        const owner = hosts.officialOwner(path.slice(start, end));
        if (owner) {
          const why = `official domain ${owner.domain} in the path`;
          const group = groupOf.get(owner.domain);
          ev.add(owner.brand, URL_SCORES.officialInPath, why, 1, group, KIND['official-in-path']);
        }
      }
      start = end + 1;
    }
  }

  /** Misspelt names as whole path tokens ('/rekuten/', '/linkedln/'): distance 1, names of 6+ letters. */
  function scanPathLookalikes(path: string, ev: Evidence): void {
    for (let start = 0; start < path.length; ) {
      let end = start;
      while (end < path.length && !isSep(PATH_SEP, path.charCodeAt(end))) end++;
      const len = end - start;
      if (len >= 6 && len <= maxToken && index.mayFind(len, path.charCodeAt(start), path.charCodeAt(end - 1)))
        lookalikeToken(path.slice(start, end), false, PATH, ev);
      start = end + 1;
    }
  }

  return function scanPath(path: string, ev: Evidence): void {
    scanKeywords(path, 0, true, '', ev);
    if (path.includes('.')) scanPathDomains(path, ev);
    scanPathLookalikes(path, ev);
  };
}
