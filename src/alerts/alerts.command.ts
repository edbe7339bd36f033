import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { formatJst } from './alert.ts';

/**
 * `phishdesk alerts list|sync-takedowns` and `phishdesk webhooks list|add|disable|enable|deliveries`.
 * Operator commands: drafting and publishing are done by analysts in the console (two people).
 */
export function alertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('emergency alerts');
  alerts
    .command('list')
    .description('alerts with their status and public address')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const list = await ctx.alerts.list({ limit: 500 });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const a of list) {
          const when = a.publishedAt ? formatJst(a.publishedAt) : '-';
          process.stdout.write(`${a.id}\t${a.status}\t${when}\t${a.slug ?? '-'}\t${a.titleJa}\n`);
        }
      });
    });
  alerts
    .command('sync-takedowns')
    .description('refresh the status lines of public alerts from their takedown cases')
    .action(async () => {
      await withContext(async (ctx) => {
        const added = await ctx.alerts.syncAllFromTakedowns();
        await ctx.queue.drain();
        process.stdout.write(`${added} status line(s) added\n`);
      });
    });

  const hooks = program.command('webhooks').description("members' webhooks for alert notifications");
  hooks
    .command('list')
    .description('registered webhooks (secrets are never listed)')
    .action(async () => {
      await withContext(async (ctx) => {
        for (const w of await ctx.notify.listWebhooks()) {
          process.stdout.write(`${w.id}\t${w.active ? 'active' : 'disabled'}\t${w.name}\t${w.url}\n`);
        }
      });
    });
  hooks
    .command('add <name> <url>')
    .description('register a webhook; prints its signing secret once')
    .action(async (name: string, url: string) => {
      await withContext(async (ctx) => {
        const w = await ctx.notify.createWebhook({ name, url, createdBy: null });
        process.stdout.write(`id ${w.id}\nsecret ${w.secret}\n`);
      });
    });
  for (const [verb, active] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    hooks
      .command(`${verb} <id>`)
      .description(`${verb} a webhook`)
      .action(async (id: string) => {
        await withContext(async (ctx) => {
          await ctx.notify.setWebhookActive(Number(id), active);
          process.stdout.write(`webhook ${id} ${verb}d\n`);
        });
      });
  }
  hooks
    .command('deliveries <id>')
    .description('delivery log of a webhook, newest first')
    .action(async (id: string) => {
      await withContext(async (ctx) => {
        for (const d of await ctx.notify.deliveryLog({ webhookId: Number(id) })) {
          process.stdout.write(
            `${d.id}\t${d.event}\talert ${d.alertId}\t${d.status}\t${d.attempts} attempt(s)\t${d.lastError ?? ''}\n`,
          );
        }
      });
    });
}
