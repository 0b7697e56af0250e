import { describe, expect, it } from 'vitest';
import { createHandoffSeal } from '../../src/store/handoff-seal.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';

const USER_ID = `U${'1a2b3c4d'.repeat(4)}`;

describe('createHandoffSeal', () => {
  it('opens what it sealed, with a fresh nonce each time', () => {
    const seal = createHandoffSeal(Buffer.alloc(32, 1));
    const a = seal.seal(USER_ID);
    const b = seal.seal(USER_ID);
    expect(a).not.toBe(b);
    expect(a).not.toContain(USER_ID);
    expect(seal.open(a)).toBe(USER_ID);
  });

  it('opens nothing sealed under another key, tampered with, or sealed as an inbox push target', () => {
    const seal = createHandoffSeal(Buffer.alloc(32, 1));
    const sealed = seal.seal(USER_ID);
    expect(createHandoffSeal(Buffer.alloc(32, 2)).open(sealed)).toBeNull();
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] = (raw.at(-1) ?? 0) ^ 1;
    expect(seal.open(raw.toString('base64url'))).toBeNull();
    expect(seal.open('')).toBeNull();
    expect(seal.open('not base64 at all ✓')).toBeNull();
    expect(seal.open(createIdentityKeys('x'.repeat(32)).seal(USER_ID))).toBeNull();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createHandoffSeal(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
