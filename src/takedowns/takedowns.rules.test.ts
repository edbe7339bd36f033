import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createMailer } from './mailer.ts';
import { caseMetrics, median, overallMetrics } from './takedowns.metrics.ts';
import { assertTransition, CASE_STATES, canTransition } from './takedowns.states.ts';
import { takedownTarget } from './takedowns.targets.ts';
import { formatJst, renderRequest } from './takedowns.templates.ts';

describe('case states', () => {
  it('allows exactly the issue’s path and its exits', () => {
    const allowed = CASE_STATES.flatMap((from) =>
      CASE_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'open→requested',
      'open→down',
      'open→closed',
      'requested→acknowledged',
      'requested→escalated',
      'requested→down',
      'requested→closed',
      'acknowledged→escalated',
      'acknowledged→down',
      'acknowledged→closed',
      'escalated→acknowledged',
      'escalated→escalated',
      'escalated→down',
      'escalated→closed',
      'down→open',
      'closed→open',
    ]);
  });
  it('refuses the rest with takedown.invalid_transition', () => {
    expect(() => assertTransition('open', 'acknowledged')).toThrow(AppError);
    expect(() => assertTransition('down', 'requested')).toThrow(/from down to requested/);
    expect(() => assertTransition('bogus', 'open')).toThrow(AppError);
  });
});

describe('takedown target from a redirect chain', () => {
  it('skips shorteners, redirectors, translation proxies and the brand’s own domains', () => {
    const t = takedownTarget(
      [
        'https://bit.ly/3abc',
        'https://www.google.com/url?q=https://evil.example/',
        'https://evil-example.translate.goog/login',
        'https://secure-login.evil.example/jp/',
        'https://www.smbc.co.jp/',
      ],
      ['smbc.co.jp'],
    );
    expect(t).toMatchObject({
      url: 'https://secure-login.evil.example/jp/',
      host: 'secure-login.evil.example',
      registrableDomain: 'evil.example',
    });
    expect(t?.skipped.map((s) => s.reason)).toEqual([
      'short_url',
      'open_redirect',
      'open_redirect',
      'official',
    ]);
  });
  it('has no target when every hop is an intermediary', () => {
    expect(takedownTarget(['https://bit.ly/x', 'https://www.smbc.co.jp/'], ['smbc.co.jp'])).toBeNull();
  });
  it('keeps a workers.dev subdomain as its own registrable domain', () => {
    expect(takedownTarget(['https://damp-forest-6f42.workers.dev/'], [])?.registrableDomain).toBe(
      'damp-forest-6f42.workers.dev',
    );
  });
});

describe('request mail', () => {
  const facts = {
    caseId: 7,
    kind: 'escalation' as const,
    url: 'https://secure-login.evil.example/jp/?id=1',
    host: 'secure-login.evil.example',
    checkedAt: Date.UTC(2026, 4, 22, 1, 5),
    httpStatus: 200,
    address: '203.0.113.9',
    title: 'SMBC',
    formFields: [
      {
        tag: 'input',
        type: 'password',
        name: 'pw',
        id: null,
        label: null,
        placeholder: 'Password',
        autocomplete: null,
      },
      {
        tag: 'input',
        type: 'text',
        name: 'card',
        id: null,
        label: 'Card number',
        placeholder: null,
        autocomplete: null,
      },
    ],
    brand: 'SMBC',
    chain: ['https://bit.ly/x', 'https://secure-login.evil.example/jp/?id=1'],
    capture: { at: Date.UTC(2026, 4, 22, 1, 6), sha256: 'a'.repeat(64) },
    requestedAt: Date.UTC(2026, 4, 21, 23, 0),
    organisation: 'Org',
    baseUrl: 'https://phishdesk.example',
  };
  it('is defanged, timestamped in JST, and names the fields asked for (en)', () => {
    const m = renderRequest('en', facts);
    expect(m.subject).toBe('Second request: phishing site takedown: secure-login[.]evil[.]example (case 7)');
    expect(m.text).toContain(
      'URL (defanged to prevent accidental clicks): hxxps://secure-login[.]evil[.]example/jp/?id=1',
    );
    expect(m.text).toContain('which we reported to you on 2026/05/22 08:00');
    expect(m.text).toContain('Confirmed live at: 2026/05/22 10:05 (JST)');
    expect(m.text).toContain('The page asks for: Password, Card number');
    expect(m.text).toContain(`screenshot captured at 2026/05/22 10:06 JST (SHA-256: ${'a'.repeat(64)})`);
    expect(m.text).not.toContain('https://secure-login.evil.example');
  });
  it('quotes the page’s own title and labels with no live URL, control or bidi character', () => {
    const field = (label: string) => ({ ...facts.formFields[1]!, label });
    const m = renderRequest('en', {
      ...facts,
      title: `Login https://evil.example/x <a href="http://evil.example/y">here</a>\u202Egpj.exe\r\nBcc: a@b.test`,
      formFields: [
        field('Verify at http://10.0.0.1/ now'),
        field('go to www.evil.example or evil.example/login'),
        field(`card ${'x'.repeat(500)}`),
        ...Array.from({ length: 50 }, (_v, i) => field(`field ${i}`)),
      ],
    });
    const quoted = m.text.split('\n').filter((l) => /^(Page title|The page asks for):/.test(l));
    expect(quoted).toHaveLength(2);
    const [title, fields] = quoted as [string, string];
    expect(title).toContain('Login hxxps://evil[.]example/x ‹a href="hxxp://evil[.]example/y"›here‹/a›');
    expect(fields).toContain('Verify at hxxp://10[.]0[.]0[.]1/ now');
    expect(fields).toContain('go to www[.]evil[.]example or evil[.]example/login');
    for (const live of ['evil.example', '10.0.0.1', 'http://', 'https://', '<', '>']) {
      expect(m.text).not.toContain(live === 'https://' ? 'https://evil' : live);
    }
    expect(m.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
    // the smuggled "Bcc:" stays inside the quoted title's line
    expect(m.text).not.toMatch(/^Bcc:/m);
    expect(fields).toContain(`card ${'x'.repeat(75)}…`);
    expect(fields).not.toContain('field 19');
    expect(fields.length).toBeLessThan(1000);
  });
  it('formats JST across midnight', () => {
    expect(formatJst(Date.UTC(2026, 11, 31, 15, 30))).toBe('2027/01/01 00:30');
  });
});

describe('mailer', () => {
  it('refuses to send when MAIL_OUT_URL is unset', async () => {
    const err = await createMailer({ url: null, from: 'x <x@example.test>' })
      .send({ to: ['a@example.test'], subject: 's', text: 't' })
      .catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('mail.not_configured');
    expect((err as AppError).message).toMatch(/mail not configured/);
  });
});

describe('metrics', () => {
  it('per case and medians overall', () => {
    expect(caseMetrics({ first_reported_at: 0, requested_at: 10, down_at: 40 })).toEqual({
      reportToRequestMs: 10,
      requestToDownMs: 30,
    });
    expect(caseMetrics({ first_reported_at: 0, requested_at: null, down_at: 40 })).toEqual({
      reportToRequestMs: null,
      requestToDownMs: null,
    });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    const m = overallMetrics([
      { state: 'down', first_reported_at: 0, requested_at: 10, down_at: 110 },
      { state: 'down', first_reported_at: 0, requested_at: 30, down_at: 60 },
      { state: 'open', first_reported_at: 0, requested_at: null, down_at: null },
    ]);
    expect(m).toEqual({
      cases: 3,
      byState: { down: 2, open: 1 },
      medianReportToRequestMs: 20,
      medianRequestToDownMs: 65,
      requested: 2,
      downAfterRequest: 2,
    });
  });
});
