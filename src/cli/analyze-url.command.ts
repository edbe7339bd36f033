import readline from 'node:readline';
import type { Command } from 'commander';
import { isAppError } from '../errors.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { withContext } from './with-context.ts';

export function analyzeUrlCommand(program: Command): void {
  program
    .command('analyze-url')
    .description(
      'read URLs one per line on stdin; write one JSON object per URL on stdout, a line per refused URL on stderr (exit 1 if any)',
    )
    .action(async () => {
      await withContext(
        async (ctx) => {
          const lines = readline.createInterface({
            input: process.stdin,
            crlfDelay: Number.POSITIVE_INFINITY,
          });
          let lineNo = 0;
          let refused = 0;
          for await (const line of lines) {
            lineNo++;
            const input = line.trim();
            if (!input) continue;
            const result = analyzeLine(input, ctx.brands);
            if (result.error) {
              refused++;
              process.stderr.write(
                `phishdesk: ${result.error.code}: line ${lineNo}: ${result.error.message}\n`,
              );
            } else process.stdout.write(`${JSON.stringify(result)}\n`);
          }
          if (refused) process.exitCode = 1;
        },
        { createsDatabase: true },
      );
    });
}

/** The brand reference of docs/API.md, with what attributed it; `name` is the deprecated English name. */
function brandOf(
  m: NonNullable<ReturnType<import('../brands/brand-registry.ts').BrandRegistry['matchUrl']>>,
  brands: import('../brands/brand-registry.ts').BrandRegistry,
) {
  const record = brands.bySlug(m.slug);
  return {
    id: m.id,
    slug: m.slug,
    nameJa: record?.nameJa ?? null,
    nameEn: record?.nameEn ?? m.name,
    name: m.name,
    confidence: m.confidence,
    ...(m.official ? { official: true } : {}),
  };
}

function analyzeLine(input: string, brands: import('../brands/brand-registry.ts').BrandRegistry) {
  try {
    const a = analyzeUrl(input);
    const m = brands.matchUrl({ host: a.host, registrableDomain: a.registrableDomain, path: a.path });
    return {
      input,
      canonical: a.canonical,
      host: a.host,
      registrableDomain: a.registrableDomain,
      publicSuffix: a.publicSuffix,
      features: a.features,
      brand: m ? brandOf(m, brands) : null,
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { input, error: { code: error.code, message: error.message } };
  }
}
