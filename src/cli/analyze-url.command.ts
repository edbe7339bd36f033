import readline from 'node:readline';
import type { Command } from 'commander';
import { isAppError } from '../errors.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { withContext } from './with-context.ts';

export function analyzeUrlCommand(program: Command): void {
  program
    .command('analyze-url')
    .description('read URLs one per line on stdin; write one JSON object per line')
    .action(async () => {
      await withContext(async (ctx) => {
        const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
        for await (const line of lines) {
          const input = line.trim();
          if (!input) continue;
          process.stdout.write(`${JSON.stringify(analyzeLine(input, ctx.brands))}\n`);
        }
      });
    });
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
      brand: m
        ? { id: m.slug, name: m.name, confidence: m.confidence, ...(m.official ? { official: true } : {}) }
        : null,
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { input, error: { code: error.code, message: error.message } };
  }
}
