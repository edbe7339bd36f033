import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createOutbound } from '../fetch/outbound.ts';
import { verifyBundle } from './bundle.ts';

/** The trusted key: a PEM file, or the operator's well-known URL fetched through the outbound guard. */
async function readKey(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const fetcher = createOutbound({ config: loadConfig().fetch });
    const res = await fetcher.fetch(source);
    if (res.status !== 200) throw new AppError('evidence.invalid', `the key URL answered ${res.status}`);
    return res.body.toString('ascii');
  }
  return fs.readFile(source, 'ascii');
}

/**
 * `phishdesk evidence verify FILE [--key FILE|URL] [--json]`: offline check of a signed bundle (no
 * database, no network unless the key is given as a URL). Exit 0 when valid, 1 when not.
 */
export function evidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('signed evidence bundles of takedown requests');
  evidence
    .command('verify')
    .description(
      'check a bundle: canonical archive, every SHA-256, and the Ed25519 signature of its manifest',
    )
    .argument('<file>')
    .option(
      '--key <fileOrUrl>',
      "the operator's public key (PEM file or its /.well-known URL); default: the key in the bundle",
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { key?: string; json?: boolean }) => {
      const archive = await fs.readFile(file);
      const key = options.key ? await readKey(options.key) : undefined;
      const result = verifyBundle(archive, key);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else if (result.valid) {
        const m = result.manifest!;
        process.stdout.write(
          `${[
            `valid: ${m.files.length} files, signed ${m.createdAt} by ${m.organisation}`,
            `key: ${result.keyFingerprint} (${result.keySource === 'given' ? 'the key given' : 'the key inside the bundle: pass --key to check who signed'})`,
            ...m.files.map((f) => `  ${f.sha256}  ${f.name}  ${f.at}`),
          ].join('\n')}\n`,
        );
      }
      if (!result.valid) {
        throw new AppError('evidence.invalid', `the bundle is not valid: ${result.problems.join('; ')}`);
      }
    });
}
