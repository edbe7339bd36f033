import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { CASE_STATES } from './takedowns.states.ts';

const hours = (ms: number | null) => (ms === null ? '-' : `${(ms / 3_600_000).toFixed(1)} h`);

/**
 * `phishdesk fetch-check <url>`: one guarded fetch, printed as JSON (chain, status, TLS, hash), nothing
 * stored. `phishdesk liveness run`: the due checks now. `phishdesk takedowns list|metrics`.
 */
export function takedownsCommands(program: Command): void {
  program
    .command('fetch-check')
    .description(
      'fetch a URL through the safe fetcher (SSRF guard) and print what it saw as JSON; stores nothing',
    )
    .argument('<url>')
    .action(async (url: string) => {
      await withContext(async (ctx) => {
        const r = await ctx.fetcher.fetch(url);
        const { body: _body, ...facts } = r;
        process.stdout.write(`${JSON.stringify({ ...facts, bodyBytes: r.body.length }, null, 2)}\n`);
      });
    });

  const liveness = program.command('liveness').description('liveness checks of confirmed URLs');
  liveness
    .command('run')
    .description('check every confirmed URL that is due now and print how many were checked')
    .action(async () => {
      await withContext(async (ctx) => {
        let checked = 0;
        for (const urlId of await ctx.liveness.dueUrlIds())
          if (await ctx.liveness.checkIfDue(urlId)) checked++;
        process.stdout.write(`${checked} checked\n`);
      });
    });

  const takedowns = program.command('takedowns').description('takedown cases');
  takedowns
    .command('list')
    .description('cases, newest first')
    .option('--state <state>', `one of ${CASE_STATES.join(', ')}`)
    .option('--json', 'print JSON')
    .action(async (opts: { state?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const cases = await ctx.takedowns.list({ ...(opts.state ? { state: opts.state } : {}), limit: 500 });
        if (opts.json) return void process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
        for (const c of cases) {
          process.stdout.write(
            `#${c.id}\t${c.state}\t${c.targetHost}\treport→request ${hours(c.metrics.reportToRequestMs)}\trequest→down ${hours(c.metrics.requestToDownMs)}\n`,
          );
        }
      });
    });
  takedowns
    .command('metrics')
    .description('cases by state and median times (first report → request, request → down)')
    .action(async () => {
      await withContext(async (ctx) => {
        const m = await ctx.takedowns.metrics();
        process.stdout.write(
          `${m.cases} cases ${JSON.stringify(m.byState)}; median report→request ${hours(m.medianReportToRequestMs)} (${m.requested}), request→down ${hours(m.medianRequestToDownMs)} (${m.downAfterRequest})\n`,
        );
      });
    });
}
