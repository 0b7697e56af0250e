// Keyed hashing of LINE ids, and sealing of push destinations, so no raw id is ever stored.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from './private-files.ts';

export const USER_HASH_KEY_FILE = 'user-hash.key';

export interface UserHashSecretSources {
  userHashSecret: string | null;
  channelSecret: string | null;
  dataDir: string;
}

export type SecretOrigin = 'USER_HASH_SECRET' | 'LINE_CHANNEL_SECRET' | 'data-dir key file';

/** USER_HASH_SECRET, else derived from the channel secret, else a random key kept in the data dir. */
export function resolveUserHashSecret(sources: UserHashSecretSources): {
  secret: string;
  origin: SecretOrigin;
} {
  if (sources.userHashSecret) return { secret: sources.userHashSecret, origin: 'USER_HASH_SECRET' };
  if (sources.channelSecret) {
    const derived = createHmac('sha256', sources.channelSecret).update('kotae:user-hash').digest('hex');
    return { secret: derived, origin: 'LINE_CHANNEL_SECRET' };
  }
  ensurePrivateDir(sources.dataDir);
  const file = join(sources.dataDir, USER_HASH_KEY_FILE);
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`Store: ${file} is damaged; delete it to create a new key`);
  return { secret, origin: 'data-dir key file' };
}

export interface IdentityKeys {
  /** Stable keyed hash of a LINE user, group or room id. */
  hash(id: string): string;
  /** Encrypts a push destination for the inbox. */
  seal(target: string): string;
  /** Decrypts a sealed destination; null if it was sealed with another key or tampered with. */
  open(sealed: string): string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createIdentityKeys(secret: string): IdentityKeys {
  // KeyObjects, imported once: every webhook event hashes one or two ids before it is acknowledged.
  const hashKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'kotae', 'user-hash', 32)));
  const sealKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'kotae', 'push-target', 32)));
  return {
    hash: (id) => createHmac('sha256', hashKey).update(id).digest('base64url'),
    seal: (target) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(target, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open: (sealed) => {
      try {
        const raw = Buffer.from(sealed, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', sealKey, raw.subarray(0, IV_BYTES));
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
