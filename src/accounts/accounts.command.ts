import fs from 'node:fs';
import type { Command } from 'commander';
import { describeDatabase, withContext } from '../cli/with-context.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { isTlp } from '../lib/tlp.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from './accounts.service.ts';
import { API_KEY_ROLES, type ApiKeyRole } from './credentials.ts';
import { ROLES, type Role } from './principal.ts';

/** The password: first line of --password-file, or of stdin (never an argument: it would sit in `ps` and shell history). */
async function readPassword(file: string | undefined): Promise<string> {
  let text: string;
  if (file) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new AppError('request.invalid', `cannot read the password file ${file}`);
    }
  } else {
    if (process.stdin.isTTY)
      throw new AppError(
        'request.invalid',
        'give the password on stdin (e.g. a pipe) or with --password-file',
      );
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (!password) throw new AppError('request.invalid', 'no password given');
  return password;
}

/** An organisation by id or exact name. */
async function organisationId(ctx: AppContext, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return (await ctx.accounts.getOrganisation(Number(ref))).id;
  const org = await ctx.accounts.findOrganisationByName(ref);
  if (!org) throw new AppError('not_found', `no organisation named ${ref}`);
  return org.id;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new AppError('request.invalid', `${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** `phishdesk user …`, `phishdesk org …`, `phishdesk apikey …`: accounts from the command line (audited, actor "cli"). */
export function accountsCommands(program: Command): void {
  const user = program.command('user').description('user accounts');
  user
    .command('create')
    .description('create a user; the password is read from stdin or --password-file')
    .requiredOption('--email <address>', 'e-mail address (the login name)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display name>', 'display name (default: the e-mail address)')
    .option('--org <name|id>', 'organisation (required for brand users)')
    .option('--lang <ja|en>', 'console language', 'ja')
    .option('--password-file <path>', 'read the password from the first line of this file')
    .action(
      async (opts: {
        email: string;
        role: string;
        name?: string;
        org?: string;
        lang: string;
        passwordFile?: string;
      }) => {
        const role = oneOf<Role>(opts.role, ROLES, 'role');
        const password = await readPassword(opts.passwordFile);
        await withContext(
          async (ctx) => {
            const created = await ctx.accounts.createUser({
              email: opts.email,
              displayName: opts.name ?? opts.email,
              role,
              password,
              organisationId: opts.org ? await organisationId(ctx, opts.org) : null,
              lang: opts.lang,
            });
            process.stdout.write(`created user ${created.id} ${created.email} (${created.role})\n`);
          },
          { createsDatabase: true },
        );
      },
    );
  user
    .command('set-password')
    .description(
      'set a user’s password (stdin or --password-file); also lifts a lock and ends their sessions',
    )
    .requiredOption('--email <address>', 'the user')
    .option('--password-file <path>', 'read the password from the first line of this file')
    .action(async (opts: { email: string; passwordFile?: string }) => {
      const password = await readPassword(opts.passwordFile);
      await withContext(async (ctx) => {
        const found = await ctx.accounts.findUserByEmail(opts.email);
        if (!found) throw new AppError('not_found', `no user ${opts.email}`);
        await ctx.accounts.updateUser(found.id, { password });
        process.stdout.write(`password set for ${found.email}\n`);
      });
    });
  user
    .command('list')
    .description('list users')
    .option('--json', 'one JSON array')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const users = await ctx.accounts.listUsers();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          return;
        }
        // Said on stderr so scripts reading stdout still get an empty list, and a person sees which database.
        if (users.length === 0)
          process.stderr.write(
            `no users in ${describeDatabase(ctx.config)}: create the first admin with \`phishdesk user create --role admin\`\n`,
          );
        for (const u of users)
          process.stdout.write(
            `${u.id}\t${u.email}\t${u.role}\t${u.organisationId ?? '-'}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName}\tlast login ${date(u.lastLoginAt)}\n`,
          );
      });
    });

  const org = program.command('org').description('organisations (brand owners, partners)');
  org
    .command('create')
    .description('create an organisation')
    .requiredOption('--name <name>', 'organisation name')
    .requiredOption('--kind <kind>', `one of ${ORGANISATION_KINDS.join(', ')}`)
    .option('--brand <slug>', 'a brand its users may see (repeat for several)', collect, [])
    .action(async (opts: { name: string; kind: string; brand: string[] }) => {
      const kind = oneOf<OrganisationKind>(opts.kind, ORGANISATION_KINDS, 'kind');
      await withContext(async (ctx) => {
        const brandIds = await ctx.accounts.brandIdsBySlug(opts.brand);
        const created = await ctx.accounts.createOrganisation({ name: opts.name, kind, brandIds });
        process.stdout.write(`created organisation ${created.id} ${created.name} (${created.kind})\n`);
      });
    });
  org
    .command('list')
    .description('list organisations')
    .option('--json', 'one JSON array')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const orgs = await ctx.accounts.listOrganisations();
        if (opts.json) process.stdout.write(`${JSON.stringify(orgs, null, 2)}\n`);
        else
          for (const o of orgs)
            process.stdout.write(`${o.id}\t${o.name}\t${o.kind}\tbrands ${o.brandIds.join(',') || '-'}\n`);
      });
    });

  const apikey = program.command('apikey').description('API keys for partners and brand owners');
  apikey
    .command('create')
    .description('create an API key for an organisation; the key is printed once, on stdout')
    .requiredOption('--org <name|id>', 'organisation')
    .requiredOption('--tlp <level>', 'highest TLP the key may receive: clear, green, amber or red')
    .option('--role <role>', `one of ${API_KEY_ROLES.join(', ')} (default: brand for a brand organisation)`)
    .option('--label <text>', 'what the key is for')
    .action(async (opts: { org: string; tlp: string; role?: string; label?: string }) => {
      if (!isTlp(opts.tlp)) throw new AppError('request.invalid', 'tlp must be clear, green, amber or red');
      const tlp = opts.tlp;
      await withContext(async (ctx) => {
        const orgId = await organisationId(ctx, opts.org);
        const found = await ctx.accounts.getOrganisation(orgId);
        const role: ApiKeyRole = opts.role
          ? oneOf<ApiKeyRole>(opts.role, API_KEY_ROLES, 'role')
          : found.kind === 'brand'
            ? 'brand'
            : 'partner';
        const { key, apiKey } = await ctx.accounts.createApiKey({
          role,
          tlp,
          organisationId: orgId,
          label: opts.label ?? `${found.name} (${role}, ${tlp})`,
        });
        process.stderr.write(
          `API key ${apiKey.id} for ${found.name}, ${role}, TLP:${tlp.toUpperCase()}; store it now, it is not shown again\n`,
        );
        process.stdout.write(`${key}\n`);
      });
    });
  apikey
    .command('list')
    .description('list API keys (never the keys themselves)')
    .option('--all', 'revoked keys too')
    .action(async (opts: { all?: boolean }) => {
      await withContext(async (ctx) => {
        for (const k of await ctx.accounts.listApiKeys({ includeRevoked: Boolean(opts.all) }))
          process.stdout.write(
            `${k.id}\t${k.prefix}…\torg ${k.organisationId ?? '-'}\t${k.role}\t${k.tlpClearance}\t${k.revokedAt ? 'revoked' : 'active'}\tlast used ${date(k.lastUsedAt)}\t${k.label}\n`,
          );
      });
    });
  apikey
    .command('revoke <id>')
    .description('revoke an API key')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id))
        throw new AppError('request.invalid', 'the key id is a number (see apikey list)');
      await withContext(async (ctx) => {
        const k = await ctx.accounts.revokeApiKey(Number(id));
        process.stdout.write(`revoked API key ${k.id} ${k.prefix}…\n`);
      });
    });
}
