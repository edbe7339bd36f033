/**
 * Evidence from the part of the host a phisher chose (the region: left of the public suffix or of a
 * content host, host-table.ts), in this order, since a look-alike only counts for a brand no keyword has
 * named yet:
 * - brand keywords and official domains as text, on the region and again on its confusables skeleton;
 * - subdomain labels written as a domain ('amazoazm.co.jp.x-y.ml'), near misses at a wider distance;
 * - look-alikes of official names, label by label and hyphen part by hyphen part;
 * - an official domain written into the subdomain ('www.amazon.co.jp.example.cn').
 */
import { parse as parseDomain } from 'tldts';
import type { BrandSeed } from './brand.ts';
import { KIND } from './calibration.ts';
import { skeleton } from './confusables.ts';
import type { Evidence } from './evidence.ts';
import type { HostTable } from './host-table.ts';
import type { KeywordScan } from './url-keyword-scan.ts';
import type { LookalikeChecks } from './url-lookalikes.ts';
import { REG, SUB, URL_SCORES, type Where } from './url-scores.ts';

export type HostScanDeps = {
  brands: readonly BrandSeed[];
  hosts: HostTable;
  /** Official domain → the group name it is built on (url-matcher.ts). */
  groupOf: ReadonlyMap<string, string>;
  scanKeywords: KeywordScan;
  lookalikes: LookalikeChecks;
};

/** scanHost(region, ev): `region` lower-cased, non-empty, IDN labels already in Unicode. */
export function createHostScan({ brands, hosts, groupOf, scanKeywords, lookalikes }: HostScanDeps) {
  const { maxToken, lookalikeToken, spoofedToken } = lookalikes;
  // The suffixes official domains end in ('co.jp', 'com', 'ne.jp'): a subdomain label followed by one
  // is written to be read as a domain.
  const officialSuffixes = new Set<string>();
  for (const b of brands) {
    for (const d of b.officialDomains) {
      const suffix = parseDomain(d, { allowPrivateDomains: true }).publicSuffix;
      if (suffix) officialSuffixes.add(suffix);
    }
  }

  /**
   * Look-alikes of official names, label by label and hyphen part by part, on the skeleton `sk` of the
   * host region `raw` (same labels, homoglyphs folded): a part whose skeleton IS an official name while
   * its spelling differs is a homoglyph; otherwise edit distance 1-2.
   */
  function scanLookalikes(raw: string, sk: string, regStart: number, ev: Evidence): void {
    if (sk === raw) {
      // No homoglyphs (81% of hosts): walk labels and hyphen parts by offset, slicing only candidates.
      for (let start = 0; start < sk.length; ) {
        let end = sk.indexOf('.', start);
        if (end < 0) end = sk.length;
        const w: Where = start >= regStart ? REG : SUB;
        if (end - start >= 5 && end - start <= maxToken) lookalikeToken(sk.slice(start, end), false, w, ev);
        const dash = sk.indexOf('-', start);
        if (dash >= 0 && dash < end) {
          for (let p = start; p < end; ) {
            let q = sk.indexOf('-', p);
            if (q < 0 || q > end) q = end;
            if (q - p >= 5 && q - p <= maxToken) lookalikeToken(sk.slice(p, q), false, w, ev);
            p = q + 1;
          }
        }
        start = end + 1;
      }
    } else {
      const rawLabels = raw.split('.');
      let index = 0;
      for (let start = 0; start < sk.length; index++) {
        let end = sk.indexOf('.', start);
        if (end < 0) end = sk.length;
        const w: Where = start >= regStart ? REG : SUB;
        if (end - start >= 4) {
          const skLabel = sk.slice(start, end);
          const rawLabel = rawLabels[index] ?? skLabel;
          lookalikeToken(skLabel, skLabel !== rawLabel, w, ev);
          if (skLabel.includes('-')) {
            const rawParts = rawLabel.split('-');
            const parts = skLabel.split('-');
            for (let i = 0; i < parts.length; i++) {
              if (parts[i]!.length >= 4) lookalikeToken(parts[i]!, parts[i] !== rawParts[i], w, ev);
            }
          }
        }
        start = end + 1;
      }
    }
  }

  /** An official domain written into the subdomain: 'www.amazon.co.jp.example.cn'. */
  function scanOfficialInSubdomain(sk: string, regStart: number, ev: Evidence): void {
    if (regStart <= 1) return;
    const owner = hosts.officialOwner(sk.slice(0, regStart - 1));
    if (owner) {
      const why = `official domain ${owner.domain} inside the host`;
      const group = groupOf.get(owner.domain);
      ev.add(owner.brand, URL_SCORES.officialInSubdomain, why, 0, group, KIND['official-in-host']);
    }
  }

  /**
   * Subdomain labels written as a domain ('amazoazm.co.jp.' in 'amazoazm.co.jp.x-y.ml'): the victim reads
   * the label as the brand's domain, so it is held to the wider spoofedDistance.
   */
  function scanSpoofed(sk: string, regStart: number, ev: Evidence): void {
    const subEnd = regStart - 1; // the dot before the registrable label
    for (let start = 0; start < subEnd; ) {
      const end = sk.indexOf('.', start);
      if (end < 0 || end >= subEnd) return;
      const next = sk.indexOf('.', end + 1);
      const one = sk.slice(end + 1, next);
      const after = next < subEnd ? sk.indexOf('.', next + 1) : -1;
      const spoofed =
        officialSuffixes.has(one) || (after > 0 && officialSuffixes.has(sk.slice(end + 1, after)));
      if (spoofed && end - start >= 4) spoofedToken(sk.slice(start, end), ev);
      start = end + 1;
    }
  }

  return function scanHost(region: string, ev: Evidence): void {
    const regStart = region.lastIndexOf('.') + 1;
    scanKeywords(region, regStart, false, '', ev);
    const sk = skeleton(region);
    const skStart = sk.lastIndexOf('.') + 1;
    if (sk !== region) scanKeywords(sk, skStart, false, ' (look-alike spelling)', ev);
    if (skStart > 1) scanSpoofed(sk, skStart, ev);
    scanLookalikes(region, sk, skStart, ev);
    scanOfficialInSubdomain(sk, skStart, ev);
  };
}
