import { Command, CommanderError } from 'commander';
import { accountsCommands } from '../accounts/accounts.command.ts';
import { alertsCommands } from '../alerts/alerts.command.ts';
import { ConfigError } from '../config.ts';
import { isAppError } from '../errors.ts';
import { evidenceCommands } from '../evidence/evidence.command.ts';
import { feedsCommand } from '../feeds/feeds.command.ts';
import { monthlyCommand } from '../monthly/monthly.command.ts';
import { migrateDataCommand } from '../reliability/migrate-data.command.ts';
import { rulesCommand } from '../rules/rules.command.ts';
import { exportCommand } from '../sharing/export.command.ts';
import { sourcesCommand } from '../sources/sources.command.ts';
import { statsCommand } from '../stats/stats.command.ts';
import { takedownsCommands } from '../takedowns/takedowns.command.ts';
import { triageCommands } from '../triage/triage.command.ts';
import { analyzeUrlCommand } from './analyze-url.command.ts';
import { brandsCommand } from './brands.command.ts';
import { dbCommand } from './db.command.ts';
import { emailCommands } from './email.command.ts';
import { importCommand } from './import.command.ts';
import { serveCommand } from './serve.command.ts';

/** Builds the command tree; each command module adds itself and calls services, never SQL. */
export function buildCli(): Command {
  const program = new Command('phishdesk')
    .description('phishdesk: phishing countermeasure clearinghouse')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const add of [
    serveCommand,
    importCommand,
    sourcesCommand,
    rulesCommand,
    analyzeUrlCommand,
    brandsCommand,
    emailCommands,
    feedsCommand,
    exportCommand,
    statsCommand,
    alertsCommands,
    takedownsCommands,
    evidenceCommands,
    triageCommands,
    monthlyCommand,
    accountsCommands,
    dbCommand,
    migrateDataCommand,
  ])
    add(program);
  return program;
}

/**
 * `phishdesk … | head`: once the reader has gone, what is left to print has nobody to read it, so the
 * command ends at once and quietly (exit 0), as shell tools do, instead of dying with an EPIPE stack.
 */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
}

export async function runCli(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

/** One line on stderr and a non-zero exit: the contract every command keeps. */
function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0; commander has printed them already.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`phishdesk: ${error.message}\n`);
    return 78;
  }
  if (isAppError(error)) {
    process.stderr.write(`phishdesk: ${error.code}: ${error.message}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`phishdesk: ${message.split('\n')[0]}\n`);
  return 1;
}
