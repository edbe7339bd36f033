import { type Command, Option } from 'commander';
import { withContext } from '../cli/with-context.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { parseMappingOption } from './feed-file.ts';
import { createFeedsService, type RunView, type SourceView } from './feeds.service.ts';
import { FEED_KINDS, type SourcePatch } from './source-config.ts';

type SourceOptions = {
  url?: string;
  every?: string;
  licence?: string;
  config?: string;
  map?: string;
  user?: string;
  passwordEnv?: string;
  header?: string;
  headerValueEnv?: string;
  tokenEnv?: string;
  clearCredentials?: boolean;
  json?: boolean;
};

function feedsOf(ctx: AppContext) {
  return createFeedsService({
    db: ctx.db,
    imports: ctx.imports,
    clock: ctx.clock,
    log: ctx.log,
    outbound: ctx.outbound,
  });
}

function fromEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new AppError('request.invalid', `environment variable ${name} is empty or unset`);
  return value;
}

/** Secrets come from environment variables, never from the command line (shell history, `ps`). */
function credentialsOf(o: SourceOptions): unknown {
  if (o.clearCredentials) return null;
  if (o.user) {
    if (!o.passwordEnv) throw new AppError('request.invalid', '--user needs --password-env VAR');
    return { type: 'basic', username: o.user, password: fromEnv(o.passwordEnv) };
  }
  if (o.header) {
    if (!o.headerValueEnv) throw new AppError('request.invalid', '--header needs --header-value-env VAR');
    return { type: 'header', name: o.header, value: fromEnv(o.headerValueEnv) };
  }
  if (o.tokenEnv) return { type: 'token', value: fromEnv(o.tokenEnv) };
  return undefined;
}

function configOf(o: SourceOptions): Record<string, unknown> | undefined {
  let config: Record<string, unknown> | undefined;
  if (o.config) {
    try {
      config = JSON.parse(o.config) as Record<string, unknown>;
    } catch {
      throw new AppError('request.invalid', '--config is not JSON');
    }
  }
  if (o.map) config = { ...config, mapping: parseMappingOption(o.map) };
  return config;
}

function minutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('request.invalid', '--every takes whole minutes');
  return n;
}

function withSourceOptions(cmd: Command): Command {
  return cmd
    .option('--every <minutes>', 'poll interval in minutes')
    .option('--licence <text>', 'licence / terms-of-use note')
    .option('--config <json>', 'kind-specific settings as JSON')
    .option('--map <mapping>', 'generic column mapping, e.g. url=url,date=dateadded,brand=target')
    .option('--user <name>', 'basic auth user (password from --password-env)')
    .option('--password-env <var>', 'environment variable holding the basic auth password')
    .option('--header <name>', 'auth header name (value from --header-value-env)')
    .option('--header-value-env <var>', 'environment variable holding the header value')
    .option('--token-env <var>', 'environment variable holding the key substituted for {token} in the URL')
    .option('--json', 'print JSON');
}

function time(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString().replace('.000Z', 'Z') : '-';
}

function printSource(s: SourceView): void {
  const run = s.lastRun;
  const last = run
    ? `${run.status} ${time(run.startedAt)} new ${run.new} known ${run.known} rejected ${run.rejected}`
    : 'never run';
  const state = !s.enabled ? 'disabled' : s.failing ? `FAILING x${s.failures}` : 'ok';
  process.stdout.write(
    `${s.name}\t${s.kind}\tevery ${s.scheduleMinutes ?? '-'} min\t${state}\t${last}\tnext ${time(s.nextRunAt)}\n`,
  );
  if (s.failing && run?.errors[0]) process.stdout.write(`  ${run.errors[0]}\n`);
}

function printRun(name: string, r: RunView): void {
  process.stdout.write(
    `${name}: ${r.status}, rows ${r.fetched}, new ${r.new}, known ${r.known}, rejected ${r.rejected}\n`,
  );
  for (const e of r.errors.slice(0, 20)) process.stdout.write(`  ${e}\n`);
}

/** `phishdesk feeds add|update|list|run|disable|enable`. */
export function feedsCommand(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('configured feed sources (OpenPhish, PhishTank, TAXII …)');

  withSourceOptions(
    feeds
      .command('add')
      .description('configure a feed source')
      .argument('<name>', 'source name')
      .addOption(new Option('--kind <kind>', 'feed format').choices(FEED_KINDS).makeOptionMandatory())
      .requiredOption('--url <url>', 'feed URL (TAXII: the collection URL; MISP: the feed base URL)'),
  ).action(async (name: string, o: SourceOptions & { kind: (typeof FEED_KINDS)[number] }) => {
    const credentials = credentialsOf(o);
    const config = configOf(o);
    await withContext(
      async (ctx) => {
        const s = await feedsOf(ctx).create({
          name,
          kind: o.kind,
          url: o.url!,
          scheduleMinutes: minutes(o.every) ?? 60,
          licence: o.licence ?? null,
          ...(config ? { config } : {}),
          ...(credentials ? { credentials } : {}),
        });
        if (o.json) process.stdout.write(`${JSON.stringify(s)}\n`);
        else printSource(s);
      },
      { createsDatabase: true },
    );
  });

  withSourceOptions(
    feeds
      .command('update')
      .description('change a feed source')
      .argument('<name>', 'source name')
      .option('--url <url>', 'feed URL')
      .option('--clear-credentials', 'remove the stored credentials'),
  ).action(async (name: string, o: SourceOptions) => {
    const patch: SourcePatch = {};
    if (o.url) patch.url = o.url;
    const every = minutes(o.every);
    if (every) patch.scheduleMinutes = every;
    if (o.licence !== undefined) patch.licence = o.licence;
    const config = configOf(o);
    if (config) patch.config = config;
    const credentials = credentialsOf(o);
    if (credentials !== undefined) patch.credentials = credentials;
    await withContext(async (ctx) => {
      const s = await feedsOf(ctx).update(name, patch);
      if (o.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else printSource(s);
    });
  });

  feeds
    .command('list')
    .description('feed sources with their last run; failing ones are marked')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const list = await feedsOf(ctx).listSources();
        if (o.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const s of list) printSource(s);
        process.stdout.write(`${list.length} sources, ${list.filter((s) => s.failing).length} failing\n`);
      });
    });

  feeds
    .command('run')
    .description('run one source now (exit 1 if the run failed)')
    .argument('<name>', 'source name')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const r = await feedsOf(ctx).runSource(name);
        if (!r) return;
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else printRun(name, r);
        if (r.status === 'failed') process.exitCode = 1;
      });
    });

  for (const [verb, description] of [
    ['disable', 'stop polling a source (its data stays)'],
    ['enable', 'poll a source again'],
  ] as const) {
    feeds
      .command(verb)
      .description(description)
      .argument('<name>', 'source name')
      .action(async (name: string) => {
        await withContext(async (ctx) => {
          const service = feedsOf(ctx);
          printSource(verb === 'disable' ? await service.disable(name) : await service.enable(name));
        });
      });
  }
}
