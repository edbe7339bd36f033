import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { DeskRow, DesksRepository, NewDesk } from './desks.repository.ts';
import { candidateKeys, chooseDesk, type DeskRecord, deskRecord, normaliseKey } from './desks.rules.ts';
import type { CreateDesk, Desk, UpdateDesk } from './desks.schemas.ts';
import type { Contact } from './takedowns.contacts.ts';

const NO_RECORD: DeskRecord = { requests: 0, acknowledged: 0, acted: 0, medianToDownMs: null };

export function presentDesk(d: DeskRow, record: DeskRecord = NO_RECORD): Desk {
  return {
    id: d.id,
    keyKind: d.key_kind,
    key: d.key_value,
    name: d.name,
    channel: d.channel,
    email: d.email,
    formUrl: d.form_url,
    apiUrl: d.api_url,
    automated: d.channel === 'email',
    lang: d.lang,
    needs: d.needs,
    source: d.source,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    record,
  };
}

/** A desk must be reachable the way it says: an address for e-mail, a form for web forms, an endpoint for APIs. */
function assertReachable(d: Pick<NewDesk, 'channel' | 'email' | 'form_url' | 'api_url'>) {
  const missing =
    d.channel === 'email' && !d.email
      ? 'email'
      : d.channel === 'web_form' && !d.form_url
        ? 'formUrl'
        : d.channel === 'api' && !d.api_url
          ? 'apiUrl'
          : null;
  if (missing)
    throw new AppError('takedown.desk_invalid', `a desk with channel ${d.channel} needs ${missing}`);
}

/**
 * The abuse-desk registry: how each hoster or registrar wants to be asked. Desks are seeded from RDAP
 * answers (an e-mail desk per abuse handle, never overwriting an edit) and edited by staff (audited).
 * A desk's record is computed from the notices and their cases, never stored.
 */
export function createDesksService(deps: {
  repo: DesksRepository;
  audit: { record(entry: AuditEntryInput): Promise<unknown> };
  clock: Clock;
  log: Logger;
}) {
  const { repo, audit, clock, log } = deps;

  async function load(id: number): Promise<DeskRow> {
    const d = await repo.get(id);
    if (!d) throw new AppError('not_found', `no abuse desk ${id}`);
    return d;
  }

  async function withRecord(d: DeskRow): Promise<Desk> {
    return presentDesk(d, deskRecord(await repo.requestOutcomes(d.id)));
  }

  return {
    async list(): Promise<Desk[]> {
      const outcomes = await repo.requestOutcomes();
      return (await repo.list()).map((d) =>
        presentDesk(d, deskRecord(outcomes.filter((o) => o.deskId === d.id))),
      );
    },

    get: async (id: number) => withRecord(await load(id)),

    async create(input: CreateDesk, principal: Principal | null): Promise<Desk> {
      const now = clock.now();
      const row: NewDesk = {
        key_kind: input.keyKind,
        key_value: normaliseKey(input.key),
        name: input.name,
        channel: input.channel,
        email: input.email?.toLowerCase() ?? null,
        form_url: input.formUrl,
        api_url: input.apiUrl,
        lang: input.lang,
        needs: input.needs,
        source: 'manual',
        created_at: now,
        updated_at: now,
        updated_by: principal?.userId ?? null,
      };
      assertReachable(row);
      const [taken] = await repo.byKeys([{ kind: row.key_kind, value: row.key_value }]);
      if (taken)
        throw new AppError('takedown.desk_key_taken', `desk ${taken.id} already has this key`, {
          deskId: taken.id,
        });
      const d = await repo.insert(row);
      await audit.record({
        principal,
        action: 'takedown_desk.create',
        entity: 'abuse_desk',
        entityId: d.id,
        after: presentDesk(d),
      });
      return presentDesk(d);
    },

    async update(id: number, patch: UpdateDesk, principal: Principal | null): Promise<Desk> {
      const before = await load(id);
      const set: Partial<NewDesk> = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
        ...(patch.email !== undefined ? { email: patch.email?.toLowerCase() ?? null } : {}),
        ...(patch.formUrl !== undefined ? { form_url: patch.formUrl } : {}),
        ...(patch.apiUrl !== undefined ? { api_url: patch.apiUrl } : {}),
        ...(patch.lang !== undefined ? { lang: patch.lang } : {}),
        ...(patch.needs !== undefined ? { needs: patch.needs } : {}),
      };
      assertReachable({ ...before, ...set });
      await repo.update(id, { ...set, updated_at: clock.now(), updated_by: principal?.userId ?? null });
      const after = await load(id);
      await audit.record({
        principal,
        action: 'takedown_desk.update',
        entity: 'abuse_desk',
        entityId: id,
        before: presentDesk(before),
        after: presentDesk(after),
      });
      return withRecord(after);
    },

    /** An e-mail desk for every abuse contact RDAP names with a handle, unless the handle has one. */
    async seedFromContacts(contacts: readonly Contact[]): Promise<void> {
      const now = clock.now();
      for (const c of contacts) {
        const email = c.emails[0];
        if (!c.handle || !email) continue;
        const created = await repo.insertIfAbsent({
          key_kind: 'rdap_handle',
          key_value: normaliseKey(c.handle),
          name: c.name,
          channel: 'email',
          email,
          form_url: null,
          api_url: null,
          lang: c.emails.every((e) => e.endsWith('.jp')) ? 'ja' : 'en',
          needs: '',
          source: 'rdap',
          created_at: now,
          updated_at: now,
          updated_by: null,
        });
        if (created) log.info({ handle: c.handle, source: c.source }, 'abuse desk seeded from RDAP');
      }
    },

    /** The desk a request or escalation about the target goes to, from the target's domain and its RDAP contacts. */
    async resolve(
      kind: 'request' | 'escalation',
      target: { host: string; registrableDomain: string | null },
      contacts: readonly Contact[],
    ): Promise<DeskRow | null> {
      const keys = candidateKeys(kind, target, contacts);
      return chooseDesk(keys, await repo.byKeys(keys));
    },

    /** The desk of explicitly given recipients: the first desk whose address is among them. */
    async ofRecipients(emails: readonly string[]): Promise<DeskRow | null> {
      return (await repo.byEmail(emails.map((e) => e.toLowerCase())))[0] ?? null;
    },

    /**
     * No second request to the same desk about the same URL while another case that asked it is still
     * pursued: the desk is already on it, and a duplicate only costs its goodwill. Escalations are not
     * checked (the caller does not ask).
     */
    async assertNoOpenNotice(
      desk: DeskRow,
      targetUrl: string,
      caseId: number,
      activeStates: readonly string[],
    ): Promise<void> {
      const open = await repo.openNotice(desk.id, targetUrl, caseId, activeStates);
      if (open) {
        throw new AppError(
          'takedown.duplicate_notice',
          `desk ${desk.id} (${desk.name ?? desk.key_value}) was already asked about this URL in case ${open.caseId}, which is still ${open.state}; follow up there (escalate) instead of sending a second notice`,
          { deskId: desk.id, caseId: open.caseId },
        );
      }
    },

    recordNotice: (n: {
      caseId: number;
      deskId: number;
      targetUrl: string;
      kind: 'request' | 'escalation';
      channel: DeskRow['channel'];
    }) =>
      repo.insertNotice({
        case_id: n.caseId,
        desk_id: n.deskId,
        target_url: n.targetUrl,
        kind: n.kind,
        channel: n.channel,
        at: clock.now(),
      }),
  };
}

export type DesksService = ReturnType<typeof createDesksService>;
