import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native dependency). The stored string carries its own
 * parameters — `scrypt$N$r$p$salt$hash`, salt and hash in base64 — so the cost can be raised later and old
 * hashes still verify. N=2^15, r=8, p=3 is one of OWASP's recommended scrypt settings (32 MiB, ~0.2 s).
 */
export type PasswordParams = { readonly N: number; readonly r: number; readonly p: number };
export const PASSWORD_PARAMS: PasswordParams = { N: 2 ** 15, r: 8, p: 3 };

/** The production parameters with N = 2^cost (PASSWORD_HASH_COST): tests lower it, nothing else should. */
export function passwordParams(cost: number): PasswordParams {
  return { ...PASSWORD_PARAMS, N: 2 ** cost };
}
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

function scryptAsync(
  password: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

// 128 * N * r * p bytes of work memory, plus headroom; Node's default cap (32 MiB) is just too small.
const maxmem = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

export async function hashPassword(
  password: string,
  params: PasswordParams = PASSWORD_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = params;
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: maxmem(N, r),
  });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison; false (never an exception) for a malformed or foreign hash string. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Refuse absurd parameters a tampered row could carry (memory exhaustion).
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const salt = Buffer.from(parts[4] as string, 'base64');
  const expected = Buffer.from(parts[5] as string, 'base64');
  if (expected.length === 0) return false;
  const key = await scryptAsync(password.normalize('NFC'), salt, expected.length, {
    N,
    r,
    p,
    maxmem: maxmem(N, r),
  });
  return timingSafeEqual(key, expected);
}

/**
 * A hash of nothing anyone knows, verified when the e-mail is unknown so both paths take the same time
 * (hence made with the same parameters as real hashes: one per cost).
 */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(params: PasswordParams = PASSWORD_PARAMS): Promise<string> {
  let hash = dummyHashes.get(params.N);
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64'), params);
    dummyHashes.set(params.N, hash);
  }
  return hash;
}
