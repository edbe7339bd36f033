import { describe, expect, it } from 'vitest';
import { defang } from '../../../src/urls/defang.ts';
import { translator } from '../i18n/translate.ts';
import { ApiError, apiPath } from './api.ts';
import { matchPath } from './router.tsx';
import { defangForDisplay, errorText } from './ui.tsx';

describe('console router', () => {
  it('matches patterns with parameters, exactly', () => {
    expect(matchPath('/urls/:id', '/urls/42')).toEqual({ id: '42' });
    expect(matchPath('/urls/:id', '/urls/42/history')).toBeNull();
    expect(matchPath('/urls', '/urls/42')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/campaigns/:id', '/campaigns/%E3%81%82')).toEqual({ id: 'あ' });
    expect(matchPath('/campaigns/:id', '/campaigns/%E3%81')).toBeNull();
  });
});

describe('console API paths', () => {
  it('prefixes /api/v1 and drops empty query values', () => {
    expect(apiPath('/triage/urls', { status: 'new', q: '', brand: undefined, limit: 50 })).toBe(
      '/api/v1/triage/urls?status=new&limit=50',
    );
    expect(apiPath('/api/v1/auth/me')).toBe('/api/v1/auth/me');
    expect(apiPath('/x', { ids: [1, 2] })).toBe('/api/v1/x?ids=1&ids=2');
  });
});

describe('defanged display', () => {
  it('agrees with the server-side defang on canonical URLs', () => {
    for (const url of [
      'https://smbc-card.verify-id.example.top/login',
      'http://user@evil.example.com:8080/a.b/c?d=e.f#g.h',
      'https://192.0.2.1/x',
      'ftp://files.example.net/',
      'https://xn--80ak6aa92e.com/',
    ]) {
      expect(defangForDisplay(url)).toBe(defang(url));
    }
  });
});

describe('error messages', () => {
  const t = translator('en');
  it('uses the module messages of server error codes, else the server words', () => {
    expect(errorText(t, new ApiError(409, 'campaign.not_open', 'x'))).toBe(t('campaigns.error.not_open'));
    expect(errorText(t, new ApiError(409, 'triage.invalid_transition', 'x'))).toBe(
      t('triage.error.invalid_transition'),
    );
    expect(errorText(t, new ApiError(409, 'allowlist.official', 'x'))).toBe(
      t('triage.error.allowlist_official'),
    );
    expect(errorText(t, new ApiError(404, 'not_found', 'no such item'))).toBe(t('console.error.not_found'));
    expect(errorText(t, new ApiError(429, 'auth.locked', 'x', { retryAfterSeconds: 125 }))).toBe(
      t('accounts.error.locked_for', { minutes: 3 }),
    );
    expect(errorText(t, new ApiError(422, 'auth.weak_password', 'x', { reason: 'common' }))).toBe(
      t('accounts.error.weak_password'),
    );
    expect(errorText(t, new ApiError(403, 'auth.cross_origin', 'x'))).toBe(t('accounts.error.cross_origin'));
    expect(errorText(t, new ApiError(500, 'internal', 'internal error'))).toBe(
      t('console.error.server', { message: 'internal error', code: 'internal' }),
    );
  });
});
