import { type Command, Option } from 'commander';
import { start } from '../main.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web application and run background work')
    .addOption(
      new Option('--role <role>', 'which part of phishdesk this process runs').choices([
        'web',
        'worker',
        'all',
      ]),
    )
    .action(async (opts: { role?: 'web' | 'worker' | 'all' }) => {
      await start(opts.role);
      // Keep the process alive: start() returns once listening.
      await new Promise(() => {});
    });
}
