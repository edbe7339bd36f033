import type { Logger } from 'pino';
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import type { Principal } from '../accounts/principal.ts';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import type { CaptureService } from '../capture/capture.service.ts';
import { AppError } from '../errors.ts';
import type { EvidenceBundles } from '../evidence/bundles.service.ts';
import type { Clock } from '../lib/clock.ts';
import type { CheckRow } from '../liveness/liveness.repository.ts';
import type { LivenessService } from '../liveness/liveness.service.ts';
import type { LiveStatus } from '../liveness/liveness.status.ts';
import type { RdapClient } from '../rdap/rdap.client.ts';
import { analyzeUrl, visitUrl } from '../urls/analyze.ts';
import type { DesksService } from './desks.service.ts';
import { presentDesk } from './desks.service.ts';
import type { Mailer } from './mailer.ts';
import { type Contact, findContacts, recipientsFor } from './takedowns.contacts.ts';
import { markFiled } from './takedowns.filed.ts';
import { caseMetrics, overallMetrics } from './takedowns.metrics.ts';
import { presentCase, presentEvent, siteStateOf, statusLineOf } from './takedowns.present.ts';
import type { CaseRow, TakedownsRepository } from './takedowns.repository.ts';
import type { SendOutcome } from './takedowns.schemas.ts';
import { ACTIVE_STATES, assertTransition, type CaseState } from './takedowns.states.ts';
import { takedownTarget } from './takedowns.targets.ts';
import { renderRequest } from './takedowns.templates.ts';

export type SendOptions = { to?: string[]; cc?: string[]; lang?: Lang; mobile?: boolean };

/**
 * Takedown cases: open one per URL (or registrable domain), find whom to ask (RDAP), ask by e-mail with
 * fresh evidence, follow the site until it is down. Before every request or escalation the site is
 * checked again and captured again; nothing is sent about a site that is already down.
 */
export function createTakedownsService(deps: {
  repo: TakedownsRepository;
  liveness: LivenessService;
  capture: CaptureService;
  rdap: RdapClient;
  bundles: EvidenceBundles;
  desks: DesksService;
  mailer: Mailer;
  audit: { record(entry: AuditEntryInput): Promise<unknown> };
  clock: Clock;
  log: Logger;
  organisationName: string;
  publicBaseUrl: string;
}) {
  const { repo, liveness, capture, rdap, bundles, desks, mailer, audit, clock, log } = deps;

  async function load(id: number): Promise<CaseRow> {
    const c = await repo.get(id);
    if (!c) throw new AppError('not_found', `no takedown case ${id}`);
    return c;
  }

  async function move(
    c: CaseRow,
    to: CaseState,
    principal: Principal | null,
    set: Partial<CaseRow>,
    detail: Record<string, unknown>,
    kind = 'state',
  ): Promise<CaseRow> {
    assertTransition(c.state, to);
    const now = clock.now();
    const ok = await repo.transition(
      c.id,
      c.state,
      { ...set, state: to, updated_at: now },
      { at: now, kind, actor_user_id: principal?.userId ?? null, detail },
    );
    if (!ok) throw new AppError('conflict', `case ${c.id} changed meanwhile; reload it`);
    const after = await load(c.id);
    if (principal) {
      await audit.record({
        principal,
        action: `takedown.${to}`,
        entity: 'takedown_case',
        entityId: c.id,
        before: { state: c.state },
        after: { state: to, ...detail },
      });
    }
    return after;
  }

  /** A liveness check of a URL moves its pursued cases to down, and reopens down cases when it is back. */
  async function onCheck(check: CheckRow, status: LiveStatus): Promise<void> {
    if (check.result === 'error') return;
    const states: readonly string[] = check.result === 'down' ? ACTIVE_STATES : ['down'];
    for (const c of await repo.casesOfUrl(check.url_id, states)) {
      if (check.result === 'down') {
        await move(
          c,
          'down',
          null,
          { down_at: status.downSince ?? check.checked_at },
          { checkId: check.id },
          'liveness',
        );
      } else {
        await move(
          c,
          'open',
          null,
          { down_at: null },
          { checkId: check.id, note: 'site is live again' },
          'liveness',
        );
      }
    }
  }
  liveness.onCheck(onCheck);

  async function sendMail(
    kind: 'request' | 'escalation',
    id: number,
    options: SendOptions,
    principal: Principal | null,
  ): Promise<SendOutcome> {
    let c = await load(id);
    assertTransition(c.state, kind === 'request' ? 'requested' : 'escalated');
    // 1. Is it still live? The check also moves the case to down through onCheck.
    const { check, response } = await liveness.checkNow(c.url_id);
    c = await load(id);
    if (check.result === 'down' || c.state === 'down') {
      return { sent: false, case: presentCase(c), reason: 'site_down' };
    }
    if (check.result === 'error' || !response) {
      throw new AppError(
        'conflict',
        `the site could not be checked (${check.error ?? 'no answer'}); nothing sent`,
      );
    }
    // 2. Whom is it about: the last hop of the redirect chain that is not a legitimate intermediary.
    const info = await repo.urlInfo(c.url_id);
    const official = info?.official_domains ? (JSON.parse(info.official_domains) as string[]) : [];
    const chain = [...response.redirects.map((r) => r.url), response.finalUrl];
    const target = takedownTarget(chain, official);
    if (!target)
      throw new AppError('conflict', 'every hop of the redirect chain is a legitimate intermediary');
    const hop = response.redirects.find((r) => r.url === target.url);
    const address = hop ? hop.address : target.url === response.finalUrl ? response.address : null;
    // 3. Whom to ask, and how: the desk of the target (seeded from RDAP), unless recipients are given.
    const contacts: Contact[] = await findContacts(rdap, log, {
      address,
      registrableDomain: target.registrableDomain,
    });
    await desks.seedFromContacts(contacts);
    const explicit = Boolean(options.to?.length);
    const desk = explicit
      ? await desks.ofRecipients(options.to ?? [])
      : await desks.resolve(kind, target, contacts);
    if (desk && kind === 'request') await desks.assertNoOpenNotice(desk, target.url, id, ACTIVE_STATES);
    const targetFields = {
      contacts: JSON.stringify(contacts),
      target_url: target.url,
      target_host: target.host,
      target_domain: target.registrableDomain,
    };
    // A desk that takes web forms (or an API, not automated yet) gets no e-mail: the analyst files the
    // form with the request text and the bundle prepared below, then marks the case filed.
    const byHand = desk !== null && !explicit && desk.channel !== 'email';
    const defaults = recipientsFor(kind, contacts);
    const deskTo = desk && !explicit && desk.email ? [desk.email] : defaults.to;
    const to = byHand ? [] : options.to?.length ? options.to : deskTo;
    const cc = byHand
      ? []
      : options.to?.length
        ? (options.cc ?? [])
        : (options.cc ?? [...new Set([...defaults.to, ...defaults.cc])].filter((e) => !to.includes(e)));
    if (to.length === 0 && !byHand) {
      await repo.update(id, { contacts: JSON.stringify(contacts), updated_at: clock.now() });
      throw new AppError('conflict', 'no abuse contact was found; give the recipients', { contacts });
    }
    // 4. Fresh evidence.
    // Desktop and mobile: smishing pages show their form to phones only; the evidence is the rendering
    // that shows the phishing page.
    const captured = await capture.capture(info ? visitUrl(info.canonical, info.port) : target.url, {
      urlId: c.url_id,
      mobile: options.mobile ?? true,
    });
    const desktopOk = captured.desktop.status === 'ok' && (captured.desktop.http_status ?? 0) < 400;
    const best = desktopOk || !captured.mobile ? captured.desktop : captured.mobile;
    const shot = best.screenshot_sha256 ? await capture.evidence.read(best.screenshot_sha256) : null;
    const lang: Lang =
      options.lang ?? (desk && !explicit ? desk.lang : to.every((e) => e.endsWith('.jp')) ? 'ja' : 'en');
    // The signed bundle holds the mail as sent, and the mail links to the bundle: the link's token first.
    const bundleToken = bundles.newToken();
    const mail = renderRequest(lang, {
      caseId: id,
      kind,
      url: target.url,
      host: target.host,
      checkedAt: check.checked_at,
      httpStatus: check.http_status,
      address,
      title: best.title,
      formFields: best.formFields,
      brand: info?.brand_id ? (lang === 'ja' ? info.name_ja : info.name_en) : null,
      chain,
      capture: shot ? { at: best.captured_at, sha256: shot.sha256 } : null,
      requestedAt: c.requested_at,
      organisation: deps.organisationName,
      baseUrl: deps.publicBaseUrl,
      bundle: { url: bundles.linkOf(bundleToken), keyUrl: bundles.keyUrl },
    });
    const bundle = await bundles.build({
      token: bundleToken,
      caseId: id,
      kind,
      targetUrl: target.url,
      capture: best,
      check,
      mail: { to, cc, subject: mail.subject, text: mail.text },
    });
    if (byHand) {
      await repo.update(id, { ...targetFields, last_capture_id: best.id, updated_at: clock.now() });
      log.info({ caseId: id, kind, deskId: desk.id }, 'takedown request prepared for filing by hand');
      return {
        sent: false,
        case: presentCase(await load(id)),
        reason: 'file_by_hand',
        desk: presentDesk(desk),
        request: { lang, subject: mail.subject, text: mail.text },
        captureId: best.id,
        bundle: { url: bundle.url, sha256: bundle.row.sha256 },
      };
    }
    const sent = await mailer.send({
      to,
      cc,
      subject: mail.subject,
      text: mail.text,
      attachments: shot
        ? [
            {
              filename: `screenshot-case${id}-${best.captured_at}.png`,
              content: shot.bytes,
              contentType: 'image/png',
            },
          ]
        : [],
    });
    const now = clock.now();
    const after = await move(
      c,
      kind === 'request' ? 'requested' : 'escalated',
      principal,
      {
        ...targetFields,
        last_capture_id: best.id,
        ...(kind === 'request' ? { requested_at: c.requested_at ?? now } : { escalated_at: now }),
      },
      {
        channel: 'email',
        deskId: desk?.id ?? null,
        to,
        cc,
        lang,
        messageId: sent.messageId,
        checkId: check.id,
        captureId: best.id,
        bundleId: bundle.row.id,
        bundleSha256: bundle.row.sha256,
        skipped: target.skipped,
      },
      kind === 'request' ? 'request_sent' : 'escalation_sent',
    );
    if (desk)
      await desks.recordNotice({
        caseId: id,
        deskId: desk.id,
        targetUrl: target.url,
        kind,
        channel: 'email',
      });
    log.info({ caseId: id, kind, to, deskId: desk?.id }, 'takedown mail sent');
    return {
      sent: true,
      case: presentCase(after),
      messageId: sent.messageId,
      to,
      captureId: best.id,
      bundle: { url: bundle.url, sha256: bundle.row.sha256 },
    };
  }

  return {
    async openCase(input: { urlId: number; scope?: 'url' | 'domain' }, principal: Principal | null) {
      const info = await repo.urlInfo(input.urlId);
      if (!info) throw new AppError('not_found', `no URL ${input.urlId}`);
      const a = analyzeUrl(info.canonical);
      const scope = input.scope ?? 'url';
      if (scope === 'domain' && !a.registrableDomain) {
        throw new AppError('request.invalid', 'an IP address has no registrable domain; open a URL case');
      }
      const existing = await repo.activeCaseFor(
        { urlId: input.urlId, domain: scope === 'domain' ? a.registrableDomain : null },
        ACTIVE_STATES,
      );
      if (existing)
        throw new AppError('conflict', `case ${existing.id} is already open`, { caseId: existing.id });
      const now = clock.now();
      const row = await repo.insertCase(
        {
          url_id: input.urlId,
          scope,
          target_url: visitUrl(info.canonical, info.port),
          target_host: a.host,
          target_domain: a.registrableDomain,
          brand_id: info.brand_id,
          state: 'open',
          contacts: '[]',
          first_reported_at: (await repo.firstReportedAt(input.urlId)) ?? info.first_seen,
          opened_at: now,
          requested_at: null,
          acknowledged_at: null,
          escalated_at: null,
          down_at: null,
          closed_at: null,
          close_reason: null,
          last_capture_id: null,
          opened_by: principal?.userId ?? null,
          updated_at: now,
        },
        { scope },
        principal?.userId ?? null,
      );
      if (principal) {
        await audit.record({
          principal,
          action: 'takedown.open',
          entity: 'takedown_case',
          entityId: row.id,
          after: { urlId: input.urlId, scope },
        });
      }
      return presentCase(row);
    },

    /** The analyst filed the desk's web form (or API) by hand (takedowns.filed.ts). */
    markFiled: (
      id: number,
      input: { kind: 'request' | 'escalation'; reference?: string | null },
      principal: Principal | null,
    ) => markFiled({ load, move, desks, clock }, id, input, principal),

    sendRequest: (id: number, options: SendOptions, principal: Principal | null) =>
      sendMail('request', id, options, principal),
    escalate: (id: number, options: SendOptions, principal: Principal | null) =>
      sendMail('escalation', id, options, principal),

    /** Changes made by a person: acknowledged, closed (not actionable), down (seen by hand), reopened. */
    async transition(
      id: number,
      to: 'acknowledged' | 'closed' | 'down' | 'open',
      input: { reason?: string | null },
      principal: Principal | null,
    ) {
      const c = await load(id);
      const now = clock.now();
      const set: Partial<CaseRow> =
        to === 'acknowledged'
          ? { acknowledged_at: now }
          : to === 'closed'
            ? { closed_at: now, close_reason: input.reason ?? null }
            : to === 'down'
              ? { down_at: now }
              : { closed_at: null, close_reason: null, down_at: null };
      return presentCase(await move(c, to, principal, set, { reason: input.reason ?? null }));
    },

    async get(id: number) {
      const c = await load(id);
      const status = (await liveness.statusOf([c.url_id])).get(c.url_id)!;
      // The desk the next step goes to: the request's while the case is open, else the escalation's.
      const next = await desks.resolve(
        c.state === 'open' ? 'request' : 'escalation',
        { host: c.target_host, registrableDomain: c.target_domain },
        JSON.parse(c.contacts) as Contact[],
      );
      return {
        ...presentCase(c),
        live: status,
        events: (await repo.events(id)).map(presentEvent),
        desk: next ? await desks.get(next.id) : null,
      };
    },

    async list(filter: { state?: string; urlId?: number; limit?: number; beforeId?: number }) {
      return (await repo.list({ ...filter, limit: filter.limit ?? 50 })).map(presentCase);
    },

    async metrics(range: { from?: number; to?: number } = {}) {
      return overallMetrics(await repo.metricRows(range));
    },

    /** For alerts: the case's state, what it says of the site, and since when. */
    async caseStatus(id: number) {
      const c = await repo.get(id);
      if (!c) return null;
      return siteStateOf(c);
    },

    /** "as of <time> the site is live and a takedown has been requested", from the checks and the case. */
    async statusLine(urlId: number, lang: Lang) {
      const status = (await liveness.statusOf([urlId])).get(urlId)!;
      const [c] = await repo.list({ urlId, limit: 1 });
      return statusLineOf(lang, status, c ?? null);
    },

    /** A capture of a stored URL on demand (desktop, and mobile unless told not to). */
    async captureUrl(urlId: number, options: { mobile?: boolean } = {}) {
      const info = await repo.urlInfo(urlId);
      if (!info) throw new AppError('not_found', `no URL ${urlId}`);
      return capture.capture(visitUrl(info.canonical, info.port), { urlId, mobile: options.mobile ?? true });
    },

    caseMetrics,
  };
}

export type TakedownsService = ReturnType<typeof createTakedownsService>;
