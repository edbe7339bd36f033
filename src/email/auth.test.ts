import { describe, expect, it } from 'vitest';
import { parseAuth, parseAuthResults } from './auth.ts';
import type { RawHeader } from './headers.ts';
import { parseEmail } from './parse.ts';
import { message } from './test-messages.ts';

const h = (key: string, value: string): RawHeader => ({ key, value });

describe('parseAuthResults', () => {
  it('reads a Google-style header with authserv-id, comments and properties', () => {
    const { authservId, results } = parseAuthResults(
      'mx.google.com; dkim=fail header.i=@example.com header.s=s1; spf=pass (google.com: domain of x@y.example designates 1.2.3.4 as permitted sender) smtp.mailfrom=x@y.example; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=Example.com',
    );
    expect(authservId).toBe('mx.google.com');
    expect(results.map((r) => [r.method, r.result])).toEqual([
      ['dkim', 'fail'],
      ['spf', 'pass'],
      ['dmarc', 'pass'],
    ]);
    expect(results[2]!.props['header.from']).toBe('Example.com');
    expect(results[1]!.props['smtp.mailfrom']).toBe('x@y.example');
  });

  it('reads a Microsoft header without authserv-id and with missing spaces', () => {
    const { authservId, results } = parseAuthResults(
      'spf=none (sender IP is 57.128.69.202) smtp.mailfrom=dturm.de; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=appjj.serenitepure.fr;compauth=fail reason=001',
    );
    expect(authservId).toBeNull();
    expect(results.map((r) => `${r.method}=${r.result}`)).toEqual([
      'spf=none',
      'dkim=none',
      'dmarc=none',
      'compauth=fail',
    ]);
    expect(results[2]!.props['header.from']).toBe('appjj.serenitepure.fr');
  });

  it('ignores method-like text inside comments', () => {
    const { results } = parseAuthResults(
      'mx.example; spf=fail (dmarc=pass dkim=pass) smtp.mailfrom=a.example',
    );
    expect(results.map((r) => r.method)).toEqual(['spf']);
  });
});

describe('parseAuth', () => {
  it('takes the topmost header, not a forged one further down', () => {
    const auth = parseAuth([
      h(
        'authentication-results',
        'mx.receiver.example; spf=softfail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=QUARANTINE dis=QUARANTINE) header.from=bank.example',
      ),
      h('received', 'from evil.example by mx.receiver.example; Mon, 1 Jan 2024 00:00:00 +0000'),
      h(
        'authentication-results',
        'mx.receiver.example; spf=pass; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example',
      ),
    ]);
    expect(auth).toEqual({
      spf: 'softfail',
      dkim: 'none',
      dmarc: 'fail',
      fromDomain: 'bank.example',
      dmarcPolicy: 'quarantine',
    });
  });

  it('joins the one-method-per-header style (ProtonMail) of the same authserv-id', () => {
    const auth = parseAuth([
      h(
        'authentication-results',
        'mail.protonmail.ch; dkim=pass (Good 2048 bit rsa-sha256 signature) header.d=santander.com.br header.a=rsa-sha256',
      ),
      h(
        'authentication-results',
        'mail.protonmail.ch; dmarc=pass (p=reject dis=none) header.from=santander.com.br',
      ),
      h('authentication-results', 'mail.protonmail.ch; spf=pass smtp.mailfrom=gmail.com'),
      h('authentication-results', 'mail.protonmail.ch; arc=pass smtp.remote-ip=209.85.218.41'),
      h('received', 'from mail-ej1-f41.google.com by mail.protonmail.ch'),
    ]);
    expect(auth).toEqual({
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      fromDomain: 'santander.com.br',
      dmarcPolicy: 'reject',
    });
  });

  it('prefers the DKIM result aligned with header.from', () => {
    const auth = parseAuth([
      h(
        'authentication-results',
        'mx.example; dkim=pass header.d=sendgrid.example; dkim=fail header.i=@mail.bank.example; dmarc=fail header.from=bank.example',
      ),
    ]);
    expect(auth.dkim).toBe('fail');
  });

  it('falls back to ARC-Authentication-Results (highest instance) and Received-SPF', () => {
    const auth = parseAuth([
      h(
        'arc-authentication-results',
        'i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=a.example; dmarc=pass action=none header.from=a.example; dkim=pass header.d=a.example',
      ),
      h(
        'arc-authentication-results',
        'i=2; mx.microsoft.com 1; dmarc=bestguesspass action=none header.from=b.example; dkim=none (message not signed)',
      ),
      h(
        'received-spf',
        'SoftFail (protection.outlook.com: domain of transitioning b.example discourages use of 1.2.3.4 as permitted sender)',
      ),
    ]);
    expect(auth).toEqual({
      spf: 'softfail',
      dkim: 'none',
      dmarc: 'bestguesspass',
      fromDomain: 'b.example',
      dmarcPolicy: null,
    });
  });

  it('fills only what the receiver did not report from the fallbacks', () => {
    const auth = parseAuth([
      h('authentication-results', 'mx.example; dmarc=temperror header.from=x.example'),
      h(
        'arc-authentication-results',
        'i=1; mx.example; dkim=permerror header.d=x.example; dmarc=pass header.from=x.example',
      ),
      h('received-spf', 'Neutral (mx.example: 1.2.3.4 is neither permitted nor denied)'),
    ]);
    expect(auth).toMatchObject({
      spf: 'neutral',
      dkim: 'permerror',
      dmarc: 'temperror',
      fromDomain: 'x.example',
    });
  });

  it('reads Yahoo-style glued comments and Fastmail policy properties', () => {
    expect(
      parseAuth([
        h('authentication-results', 'atlas.yahoo.com; dmarc=pass(p=REJECT) header.from=yahoo.example'),
      ]),
    ).toMatchObject({ dmarc: 'pass', dmarcPolicy: 'reject' });
    expect(
      parseAuth([
        h(
          'authentication-results',
          'mx.messagingengine.example; dmarc=fail policy.published-domain-policy=quarantine header.from=x.example',
        ),
      ]),
    ).toMatchObject({ dmarc: 'fail', dmarcPolicy: 'quarantine' });
  });

  it('returns nulls when nothing is there and drops unknown verdicts', () => {
    expect(parseAuth([])).toEqual({
      spf: null,
      dkim: null,
      dmarc: null,
      fromDomain: null,
      dmarcPolicy: null,
    });
    expect(parseAuth([h('authentication-results', 'mx.example; none')]).dmarc).toBeNull();
    expect(parseAuth([h('authentication-results', 'mx.example; spf=hardfail; dkim=policy')])).toMatchObject({
      spf: 'fail',
      dkim: null,
    });
  });
});

describe('parseEmail auth', () => {
  it('reads folded Authentication-Results headers of a whole message', async () => {
    const parsed = await parseEmail(
      message(
        [
          'Authentication-Results: mx.google.com;',
          '       dkim=pass header.i=@example.com header.s=s1 header.b=abc;',
          '       spf=pass (google.com: domain of a@example.com designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@example.com;',
          '       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com',
          'Received: from mail.example.com (mail.example.com [1.2.3.4]) by mx.google.com with ESMTPS id x; Mon, 1 Jan 2024 10:00:00 -0800 (PST)',
          'From: Example <a@example.com>',
          'Subject: hi',
        ],
        'hello',
      ),
    );
    expect(parsed.auth).toEqual({
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      fromDomain: 'example.com',
      dmarcPolicy: 'reject',
    });
    expect(parsed.received).toEqual([
      { from: 'mail.example.com', by: 'mx.google.com', ip: '1.2.3.4', date: '2024-01-01T18:00:00.000Z' },
    ]);
  });
});
