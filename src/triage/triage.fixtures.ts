import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Principal } from '../accounts/principal.ts';
import type { AppContext } from '../context.ts';
import { readJpcertCsv } from '../feeds/jpcert.ts';

/** Real JPCERT/CC rows (January 2020) of a few campaigns that the grouping must tell apart. */
export const JPCERT_DOMAINS = [
  'rakutensybqxabsa71.net', // 楽天, 7 hosts on one throwaway domain, 2020-01-15
  'raku12x2axauqnsaten.net', // 楽天, another domain five days later
  'greywillowhome.com', // Wells Fargo, one kit path on a hacked site
  '154dst.com', // IOC
  'qrs.ly', // Amazon behind a URL shortener: must not be grouped by the shortener's domain
] as const;

export function jpcertRows(domains: readonly string[] = JPCERT_DOMAINS): string[] {
  const file = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl/202001.csv');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.filter((l) => {
    const url = l.split(',')[1] ?? '';
    return domains.some((d) => url.includes(`${d}/`) || url.endsWith(d) || url.includes(`.${d}`));
  });
}

export async function importJpcert(ctx: AppContext, rows: string[], sourceName = 'jpcert') {
  const csv = `date,URL,description\n${rows.join('\n')}\n`;
  return ctx.imports.importEntries(
    { name: sourceName, kind: 'jpcert' },
    readJpcertCsv(Readable.from([csv]), sourceName),
  );
}

export function staff(userId = 1): Principal {
  return {
    kind: 'session',
    userId,
    apiKeyId: null,
    role: 'analyst',
    displayName: 'Analyst',
    organisationId: null,
    brandIds: [],
    tlpClearance: 'red',
  };
}

export function brandUser(brandIds: number[]): Principal {
  return { ...staff(99), role: 'brand', brandIds, organisationId: 7, tlpClearance: 'amber' };
}

/** A forwarded phishing e-mail as an analyst would paste it. */
export function rawEmail(o: { from: string; subject: string; url: string }): string {
  return [
    `From: ${o.from}`,
    'To: victim@example.jp',
    `Subject: =?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    `Please verify your account: ${o.url}`,
    '',
  ].join('\r\n');
}

/** Every URL id whose host ends with `domain`. */
export async function urlIdsOn(ctx: AppContext, domain: string): Promise<number[]> {
  const rows = await ctx.db.kysely
    .selectFrom('urls as u')
    .innerJoin('hosts as h', 'h.id', 'u.host_id')
    .select('u.id')
    .where((eb) => eb.or([eb('h.name', '=', domain), eb('h.name', 'like', `%.${domain}`)]))
    .orderBy('u.first_seen')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}
