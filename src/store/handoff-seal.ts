// The LINE user id of an open handoff thread, encrypted under HANDOFF_KEY so staff can reply later.
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';

export interface HandoffSeal {
  seal(userId: string): string;
  /** Null when sealed under another key or tampered with. */
  open(sealed: string): string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a ciphertext to its purpose: a sealed push target of the inbox does not open here. */
const AAD = Buffer.from('kotae:handoff-user-id');

export function createHandoffSeal(key: Buffer): HandoffSeal {
  if (key.length !== 32) throw new Error('HandoffSeal: HANDOFF_KEY must be 32 bytes');
  const secret = createSecretKey(key);
  return {
    seal: (userId) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(userId, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open: (sealed) => {
      try {
        const raw = Buffer.from(sealed, 'base64url');
        if (raw.length <= IV_BYTES + TAG_BYTES) return null;
        const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, IV_BYTES));
        decipher.setAAD(AAD);
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
