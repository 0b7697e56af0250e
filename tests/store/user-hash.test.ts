import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentityKeys, resolveUserHashSecret, USER_HASH_KEY_FILE } from '../../src/store/user-hash.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-key-'));
  dirs.push(dir);
  return dir;
}

describe('resolveUserHashSecret', () => {
  it('prefers USER_HASH_SECRET, then the channel secret', () => {
    const dataDir = tempDir();
    expect(resolveUserHashSecret({ userHashSecret: 's'.repeat(20), channelSecret: 'c', dataDir })).toEqual({
      secret: 's'.repeat(20),
      origin: 'USER_HASH_SECRET',
    });
    const derived = resolveUserHashSecret({ userHashSecret: null, channelSecret: 'channel', dataDir });
    expect(derived.origin).toBe('LINE_CHANNEL_SECRET');
    expect(derived.secret).not.toContain('channel');
  });

  it('creates one random key in the data dir and reuses it', () => {
    const dataDir = tempDir();
    const first = resolveUserHashSecret({ userHashSecret: null, channelSecret: null, dataDir });
    const second = resolveUserHashSecret({ userHashSecret: null, channelSecret: null, dataDir });
    expect(first.origin).toBe('data-dir key file');
    expect(second.secret).toBe(first.secret);
    expect(readFileSync(join(dataDir, USER_HASH_KEY_FILE), 'utf8')).toBe(first.secret);
    expect(statSync(join(dataDir, USER_HASH_KEY_FILE)).mode & 0o077).toBe(0);
  });
});

describe('createIdentityKeys', () => {
  const userId = `U${'0123456789abcdef'.repeat(2)}`;

  it('hashes ids stably per key and differently across keys', () => {
    const a = createIdentityKeys('a'.repeat(32));
    const b = createIdentityKeys('b'.repeat(32));
    expect(a.hash(userId)).toBe(a.hash(userId));
    expect(a.hash(userId)).not.toBe(b.hash(userId));
    expect(a.hash(userId)).not.toContain(userId);
  });

  it('seals a push target that only the same key opens', () => {
    const a = createIdentityKeys('a'.repeat(32));
    const sealed = a.seal(userId);
    expect(sealed).not.toContain(userId);
    expect(a.open(sealed)).toBe(userId);
    expect(createIdentityKeys('b'.repeat(32)).open(sealed)).toBeNull();
    // One character changed inside the sealed text (not its last, whose low bits base64 may not carry).
    const at = Math.floor(sealed.length / 2);
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    expect(a.open(tampered)).toBeNull();
    expect(a.open('garbage')).toBeNull();
  });
});
