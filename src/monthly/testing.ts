/** Test helpers of the monthly module: JPCERT/CC-style rows through the real import path, principals. */
import { Readable } from 'node:stream';
import type { Principal, Role } from '../accounts/principal.ts';
import type { AppContext } from '../context.ts';
import { readJpcertCsv } from '../feeds/jpcert.ts';

/** Imports rows `[JST 'YYYY/MM/DD hh:mm:ss', url, brand label]` as the JPCERT/CC feed would. */
export async function importRows(
  ctx: AppContext,
  rows: [string, string, string][],
  source = 'jpcert',
  kind = 'jpcert',
) {
  const text = `date,URL,description\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  return ctx.imports.importEntries({ name: source, kind }, readJpcertCsv(Readable.from([text]), source));
}

/** A principal as the auth hook would set it (service-level tests; HTTP tests sign in for real). */
export function principal(role: Role, userId = 1, brandIds: number[] = []): Principal {
  return {
    kind: 'session',
    userId,
    apiKeyId: null,
    role,
    displayName: `${role} ${userId}`,
    organisationId: role === 'brand' ? 1 : null,
    brandIds,
    tlpClearance: role === 'admin' || role === 'analyst' ? 'red' : 'clear',
  };
}
