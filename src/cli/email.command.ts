import fs from 'node:fs';
import type { Command } from 'commander';
import { parseEmail } from '../email/parse.ts';
import { toParseEmailJson } from '../email/report-json.ts';
import { AppError, isAppError } from '../errors.ts';
import { withContext } from './with-context.ts';

export function emailCommands(program: Command): void {
  program
    .command('parse-email')
    .description('parse .eml files and print what was found as JSON (one line per file when several)')
    .argument('<files...>', '.eml files')
    .action(async (files: string[]) => {
      await withContext(async (ctx) => {
        let failed = 0;
        for (const file of files) {
          try {
            const parsed = await parseEmail(readFile(file));
            const brand = ctx.brands.matchText({
              fromAddress: parsed.from?.address ?? undefined,
              fromName: parsed.from?.name ?? undefined,
              subject: parsed.subject ?? undefined,
              body: parsed.text.slice(0, 20_000),
            });
            const json = toParseEmailJson(
              parsed,
              brand ? { slug: brand.slug, name: brand.name, confidence: brand.confidence } : null,
            );
            process.stdout.write(
              `${files.length > 1 ? JSON.stringify({ file, ...json }) : JSON.stringify(json, null, 2)}\n`,
            );
          } catch (error) {
            if (!isAppError(error)) throw error;
            failed++;
            process.stdout.write(
              `${JSON.stringify({ file, error: { code: error.code, message: error.message } })}\n`,
            );
          }
        }
        if (failed > 0) process.exitCode = 1;
      });
    });

  program
    .command('import-email')
    .description('submit .eml files as e-mail reports and analyse them')
    .argument('<files...>', '.eml files')
    .action(async (files: string[]) => {
      const buffers = files.map((f) => ({ file: f, data: readFile(f) }));
      await withContext(
        async (ctx) => {
          for (const { file, data } of buffers) {
            const receipt = await ctx.intake.submit(
              { kind: 'email', content: '', consent: { police: false, brand: false } },
              [{ filename: file.split('/').pop() ?? null, contentType: 'message/rfc822', data }],
              'cli',
            );
            process.stdout.write(`${file}\t${receipt.id}\n`);
          }
          const processed = await ctx.queue.drain();
          process.stderr.write(`submitted ${buffers.length}, processed ${processed} job(s)\n`);
        },
        { createsDatabase: true },
      );
    });
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new AppError(
      'import.file_unreadable',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
