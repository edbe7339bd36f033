import type { Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { DesksService } from './desks.service.ts';
import type { Contact } from './takedowns.contacts.ts';
import { presentCase } from './takedowns.present.ts';
import type { CaseRow } from './takedowns.repository.ts';
import { ACTIVE_STATES, assertTransition, type CaseState } from './takedowns.states.ts';

type Deps = {
  load(id: number): Promise<CaseRow>;
  move(
    c: CaseRow,
    to: CaseState,
    principal: Principal | null,
    set: Partial<CaseRow>,
    detail: Record<string, unknown>,
    kind?: string,
  ): Promise<CaseRow>;
  desks: DesksService;
  clock: Clock;
};

/**
 * The analyst filed the web form (or API) of the case's desk by hand: the case moves on as if the
 * request had been mailed, with a request_sent (or escalation_sent) event naming the channel, and the
 * desk's notice is recorded (the same no-second-notice rule as a mailed request).
 */
export async function markFiled(
  deps: Deps,
  id: number,
  input: { kind: 'request' | 'escalation'; reference?: string | null },
  principal: Principal | null,
) {
  const { load, move, desks, clock } = deps;
  const c = await load(id);
  const to = input.kind === 'request' ? 'requested' : 'escalated';
  assertTransition(c.state, to);
  const contacts = JSON.parse(c.contacts) as Contact[];
  const desk = await desks.resolve(
    input.kind,
    { host: c.target_host, registrableDomain: c.target_domain },
    contacts,
  );
  if (!desk || desk.channel === 'email') {
    throw new AppError(
      'takedown.not_filed_by_hand',
      desk
        ? `desk ${desk.id} takes e-mail: send the request instead of marking it filed`
        : 'no desk that takes a web form is known for this case; send the request first (it re-checks the site and finds the desk)',
    );
  }
  if (input.kind === 'request') await desks.assertNoOpenNotice(desk, c.target_url, id, ACTIVE_STATES);
  const now = clock.now();
  const after = await move(
    c,
    to,
    principal,
    input.kind === 'request' ? { requested_at: c.requested_at ?? now } : { escalated_at: now },
    {
      channel: desk.channel,
      deskId: desk.id,
      formUrl: desk.form_url,
      apiUrl: desk.api_url,
      reference: input.reference ?? null,
    },
    input.kind === 'request' ? 'request_sent' : 'escalation_sent',
  );
  await desks.recordNotice({
    caseId: id,
    deskId: desk.id,
    targetUrl: c.target_url,
    kind: input.kind,
    channel: desk.channel,
  });
  return presentCase(after);
}
