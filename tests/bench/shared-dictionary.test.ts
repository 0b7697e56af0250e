import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadTokenizer,
  PACKED_DICTIONARY_FILE,
  readSharedDictionary,
  tokenizerFromSections,
  unpackSections,
} from '../../src/tokenizer.ts';

const dir = mkdtempSync(join(tmpdir(), 'kotae-shared-dictionary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const surfaces = (tokens: { surface_form: string; basic_form: string }[]) =>
  tokens.map((t) => `${t.surface_form}/${t.basic_form}`);

describe('shared dictionary', () => {
  it.skipIf(!existsSync(PACKED_DICTIONARY_FILE))(
    'reads the packed dictionary into shared memory that tokenizes as the file does',
    async () => {
      const shared = await readSharedDictionary();
      expect(shared).toBeInstanceOf(SharedArrayBuffer);
      const fromShared = tokenizerFromSections(unpackSections(new Uint8Array(shared as SharedArrayBuffer)));
      const text = '無料の法律相談は毎月第2水曜日に市役所で行います。くしろステイメンバースカード';
      expect(surfaces(fromShared.tokenize(text))).toEqual(surfaces((await loadTokenizer()).tokenize(text)));
    },
  );

  it('gives null for a missing or unreadable file, so each thread reads its own', async () => {
    expect(await readSharedDictionary(join(dir, 'missing.bin'))).toBeNull();
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'not a dictionary');
    expect(await readSharedDictionary(junk)).toBeNull();
  });

  it.skipIf(!existsSync(PACKED_DICTIONARY_FILE))(
    'reads a file once per thread, and again after a read that failed',
    async () => {
      const copy = join(dir, 'copy.bin');
      expect(await readSharedDictionary(copy)).toBeNull();
      copyFileSync(PACKED_DICTIONARY_FILE, copy);
      // The worker's entry starts the read and the thread awaits it: both get the same bytes.
      const [first, second] = [readSharedDictionary(copy), readSharedDictionary(copy)];
      expect(second).toBe(first);
      expect(await first).toBeInstanceOf(SharedArrayBuffer);
      expect(await readSharedDictionary(copy)).toBe(await first);
    },
  );
});
