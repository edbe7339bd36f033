import { describe, expect, it } from 'vitest';
import { groupingKeys, maskSegment, normalizeSubject, pathShape } from './grouping-keys.ts';

describe('campaign grouping keys', () => {
  it('masks numbers, hex ids and mixed tokens but keeps kit names', () => {
    expect(maskSegment('12345')).toBe('{n}');
    expect(maskSegment('8f3a9c2e11')).toBe('{x}');
    expect(maskSegment('bnc-591029-canada')).toBe('{x}');
    expect(maskSegment('wells-fargo-security-update')).toBe('wells-fargo-security-update');
    expect(maskSegment('surf2.php')).toBe('surf{n}.php');
  });

  it('shapes a path: masked path plus sorted parameter names, kit = masked directory', () => {
    expect(pathShape('/Amazon/login/8f3a9c2e11/index.php?session=x&id=1')).toEqual({
      pattern: '/amazon/login/{x}/index.php?id&session',
      kit: '/amazon/login/{x}/',
    });
    // A bare token after '?' is not a parameter name.
    expect(pathShape('/a/NObJE?0ffwh1t3').pattern).toBe('/a/nobje');
  });

  it('makes no domain key on shared platforms and no path key for trivial paths', () => {
    const shortener = groupingKeys({
      host: 'opn.to',
      domain: 'opn.to',
      features: ['short_url'],
      path: '/a/NObJE',
    });
    expect(shortener.find((k) => k.kind === 'domain')).toBeUndefined();
    const root = groupingKeys({ host: 'jp.evil.net', domain: 'evil.net', features: [], path: '/' });
    expect(root).toEqual([{ kind: 'domain', value: 'evil.net' }]);
  });

  it('keys subjects without their numbers and senders in lower case, once each', () => {
    const keys = groupingKeys({ host: 'a.example', domain: 'a.example', features: [], path: '/' }, [
      { subject: '【重要】Amazon アカウント確認 #12345', sender: 'Info@Amaz0n.example' },
      { subject: '【重要】Amazon  アカウント確認 #99', sender: 'info@amaz0n.example' },
    ]);
    expect(keys.filter((k) => k.kind === 'subject')).toEqual([
      { kind: 'subject', value: normalizeSubject('【重要】amazon アカウント確認 #0') },
    ]);
    expect(keys.filter((k) => k.kind === 'sender')).toEqual([
      { kind: 'sender', value: 'info@amaz0n.example' },
    ]);
  });
});
