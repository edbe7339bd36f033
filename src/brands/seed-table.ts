import { AppError } from '../errors.ts';
import { type BrandSeed, SECTORS, type Sector } from './brand.ts';
import { normalizeLabel } from './labels.ts';

/**
 * The seed is written as tables, one brand a line, because 700 labels as object literals would be
 * unreadable:
 *   slug | nameJa | nameEn | sector | aliases | officialDomains | keywords
 * List fields are separated by ';' and may be empty. Lines starting with '#' and blank lines are ignored.
 * nameJa and nameEn are always aliases too (added here, so `aliases` is the complete spelling list).
 */
export function parseBrandTable(table: string, source: string): BrandSeed[] {
  const out: BrandSeed[] = [];
  for (const [i, raw] of table.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const where = `${source}:${i + 1}`;
    if (cells.length !== 7) throw invalid(`${where}: expected 7 cells, got ${cells.length}`, line);
    const [slug, nameJa, nameEn, sector, aliases, domains, keywords] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw invalid(`${where}: bad slug`, slug);
    if (!nameJa || !nameEn) throw invalid(`${where}: both names are required`, line);
    if (!(SECTORS as readonly string[]).includes(sector)) throw invalid(`${where}: unknown sector`, sector);
    const officialDomains = list(domains);
    for (const d of officialDomains) {
      if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(d)) throw invalid(`${where}: bad domain`, d);
    }
    const kw = list(keywords);
    for (const k of kw) {
      if (!/^=?[a-z0-9]+([.-][a-z0-9]+)*(\+[a-z0-9]+([.-][a-z0-9]+)*)*$/.test(k)) {
        throw invalid(`${where}: bad keyword`, k);
      }
    }
    out.push({
      slug,
      nameJa,
      nameEn,
      sector: sector as Sector,
      aliases: dedupeByKey([nameJa, nameEn, ...list(aliases)]),
      officialDomains,
      keywords: kw,
    });
  }
  return out;
}

/** Checks what the tables cannot: unique slugs, and every normalised alias and domain owned by one brand. */
export function assertConsistentSeed(brands: readonly BrandSeed[], nonBrandLabels: Iterable<string>): void {
  const slugs = new Set<string>();
  const aliasOwner = new Map<string, string>();
  const domainOwner = new Map<string, string>();
  for (const b of brands) {
    if (slugs.has(b.slug)) throw invalid('duplicate slug', b.slug);
    slugs.add(b.slug);
    for (const a of b.aliases) {
      const key = normalizeLabel(a);
      const owner = aliasOwner.get(key);
      if (owner !== undefined && owner !== b.slug) throw invalid(`alias "${a}" in ${owner} and ${b.slug}`, a);
      aliasOwner.set(key, b.slug);
    }
    for (const d of b.officialDomains) {
      const owner = domainOwner.get(d);
      if (owner !== undefined) throw invalid(`domain ${d} in ${owner} and ${b.slug}`, d);
      domainOwner.set(d, b.slug);
    }
  }
  for (const label of nonBrandLabels) {
    const owner = aliasOwner.get(normalizeLabel(label));
    if (owner !== undefined) throw invalid(`non-brand label "${label}" is also an alias of ${owner}`, label);
  }
}

function list(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function dedupeByKey(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = normalizeLabel(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalid(message: string, value: string): AppError {
  return new AppError('config.invalid', `brand seed: ${message}`, { value });
}
