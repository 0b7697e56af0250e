// Console password checks in constant time: a plain password (compared as hashes) or a scrypt hash.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** scrypt cost: N=2^15, r=8, p=1 takes ~50 ms, slow for guessing and fine for a login. */
const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

/** `scrypt$N$r$p$<salt base64>$<hash base64>`, as made by hashPassword. */
const hashSchema = z
  .string()
  .trim()
  .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must look like scrypt$N$r$p$salt$hash')
  .transform((s) => {
    const [, n, r, p, salt, hash] = s.split('$');
    return {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      salt: Buffer.from(salt ?? '', 'base64'),
      hash: Buffer.from(hash ?? '', 'base64'),
    };
  })
  .refine((h) => h.N >= 1024 && (h.N & (h.N - 1)) === 0, 'N must be a power of two >= 1024')
  .refine((h) => h.salt.length >= 16 && h.hash.length >= 16, 'salt and hash must be at least 16 bytes');

export type PasswordCheck = (candidate: string) => boolean;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const { N, r, p, keyLength, maxmem } = SCRYPT;
  const hash = scryptSync(password, salt, keyLength, { N, r, p, maxmem });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Checks a candidate against a stored account's hash; a malformed hash matches nothing. */
export function verifyPasswordHash(stored: string, candidate: string): boolean {
  const parsed = hashSchema.safeParse(stored);
  if (!parsed.success) return false;
  const { N, r, p, salt, hash } = parsed.data;
  try {
    const derived = scryptSync(candidate, salt, hash.length, { N, r, p, maxmem: SCRYPT.maxmem });
    return timingSafeEqual(derived, hash);
  } catch {
    return false;
  }
}

/** Throws naming the setting when the hash is malformed, so a bad value stops boot. */
export function passwordCheck(options: {
  password: string | null;
  passwordHash: string | null;
}): PasswordCheck | null {
  if (options.passwordHash !== null) {
    const parsed = hashSchema.safeParse(options.passwordHash);
    if (!parsed.success) {
      throw new Error(`Console: CONSOLE_PASSWORD_HASH ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    }
    const { N, r, p, salt, hash } = parsed.data;
    return (candidate) => {
      const derived = scryptSync(candidate, salt, hash.length, { N, r, p, maxmem: SCRYPT.maxmem });
      return timingSafeEqual(derived, hash);
    };
  }
  if (options.password !== null) {
    const expected = sha256(options.password);
    return (candidate) => timingSafeEqual(sha256(candidate), expected);
  }
  return null;
}
