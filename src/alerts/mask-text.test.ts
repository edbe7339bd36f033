import { describe, expect, it } from 'vitest';
import { maskUrlsInText } from './mask-text.ts';

describe('maskUrlsInText', () => {
  it('masks URLs with or without a scheme, defanged too, and leaves other text alone', () => {
    expect(maskUrlsInText('確認してください https://amazon-pay-check.example.top/verify?id=1')).toBe(
      '確認してください https://ama●●●●.top/v',
    );
    expect(maskUrlsInText('【楽天】g57.abcdef.hu/abc から')).toBe('【楽天】http://g57.●●●●.hu/a から');
    expect(maskUrlsInText('hxxps://evil[.]example[.]com/x')).toBe('https://evi●●●●.com/x');
    expect(maskUrlsInText('Ver.2 の Mr.Smith です')).toBe('Ver.2 の Mr.Smith です');
  });
});
