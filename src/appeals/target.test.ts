import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { parseAppealTarget } from './target.ts';

describe('what an appeal names', () => {
  it('a URL with a path or query is that URL; a bare name or a site root is the whole site', () => {
    expect(parseAppealTarget('https://Example.jp/login?a=1')).toEqual({
      kind: 'url',
      value: 'https://example.jp/login?a=1',
    });
    expect(parseAppealTarget('example.jp')).toEqual({ kind: 'domain', value: 'example.jp' });
    expect(parseAppealTarget(' https://example.co.jp/ ')).toEqual({ kind: 'domain', value: 'example.co.jp' });
    expect(parseAppealTarget('hxxps://shop[.]example[.]jp')).toEqual({
      kind: 'host',
      value: 'shop.example.jp',
    });
    // Under a private suffix (github.io), the customer's name is the registrable domain.
    expect(parseAppealTarget('someone.github.io')).toEqual({ kind: 'domain', value: 'someone.github.io' });
    expect(parseAppealTarget('192.0.2.7')).toEqual({ kind: 'host', value: '192.0.2.7' });
  });

  it('refuses a public suffix and what is no URL', () => {
    for (const input of ['co.jp', 'github.io', '   ', 'http://']) {
      let code: string | null = null;
      try {
        parseAppealTarget(input);
      } catch (e) {
        code = isAppError(e) ? e.code : 'other';
      }
      expect({ input, code }).toEqual({ input, code: 'appeal.invalid_target' });
    }
  });
});
