import { describe, expect, it } from 'vitest';
import {
  dummyPasswordHash,
  hashPassword,
  PASSWORD_PARAMS,
  passwordParams,
  verifyPassword,
} from './passwords.ts';

describe('password hashes', () => {
  it('carry their own parameters: a cheap test hash and a production hash both verify', async () => {
    const cheap = await hashPassword('correct horse battery', passwordParams(4));
    expect(cheap.split('$').slice(0, 4)).toEqual(['scrypt', '16', '8', '3']);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    expect(await verifyPassword('correct horse batterY', cheap)).toBe(false);
    const strong = await hashPassword('correct horse battery');
    expect(strong.split('$')[1]).toBe(String(PASSWORD_PARAMS.N));
    expect(PASSWORD_PARAMS.N).toBe(2 ** 15);
    expect(await verifyPassword('correct horse battery', strong)).toBe(true);
  });

  it('makes the unknown-account dummy hash at the cost real hashes use', async () => {
    expect((await dummyPasswordHash(passwordParams(5))).split('$')[1]).toBe('32');
    expect((await dummyPasswordHash()).split('$')[1]).toBe(String(2 ** 15));
  });
});
