/**
 * Prints every JPCERT/CC brand label with its row count and the brand it resolves to, NON-BRAND with the
 * reason, or UNMAPPED. Run after editing the seed: `npx tsx bench/brand-labels.ts [--unmapped]`.
 */
import { countLabels, readJpcertRows } from '../src/brands/jpcert-data.ts';
import { createLabelIndex, normalizeLabel } from '../src/brands/labels.ts';
import { BRAND_SEED, NON_BRAND_LABELS } from '../src/brands/seed.ts';

const onlyUnmapped = process.argv.includes('--unmapped');
const { rows, dropped } = readJpcertRows();
const index = createLabelIndex(BRAND_SEED);
const nonBrand = new Map([...NON_BRAND_LABELS].map(([l, why]) => [normalizeLabel(l), why]));

let mapped = 0;
let mappedRows = 0;
let nonBrandCount = 0;
let unmapped = 0;
for (const [label, count] of countLabels(rows)) {
  const slug = index.resolveLabel(label);
  const why = nonBrand.get(normalizeLabel(label));
  let target: string;
  if (slug) {
    mapped++;
    mappedRows += count;
    target = slug;
  } else if (why) {
    nonBrandCount++;
    target = `NON-BRAND (${why})`;
  } else {
    unmapped++;
    target = 'UNMAPPED';
  }
  if (!onlyUnmapped || target === 'UNMAPPED')
    console.log(`${String(count).padStart(6)}  ${label}  →  ${target}`);
}
const brandsUsed = new Set(countLabels(rows).map(([l]) => index.resolveLabel(l)));
brandsUsed.delete(null);
console.log(
  `\n${rows.length} rows (${dropped} dropped), labels: ${mapped} mapped (${mappedRows} rows) to ` +
    `${brandsUsed.size} of ${BRAND_SEED.length} brands, ${nonBrandCount} non-brand, ${unmapped} unmapped`,
);
if (index.conflicts.length > 0) console.log(`alias conflicts: ${index.conflicts.join(', ')}`);
process.exitCode = unmapped > 0 ? 1 : 0;
