import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedEngine, loadEngine } from '../../src/engine/load-engine.ts';
import {
  computeBuildKey,
  currentBuildKey,
  readEngineSnapshot,
  writeEngineSnapshot,
} from '../../src/engine/snapshot.ts';
import { loadQuestions } from '../../src/eval/questions.ts';
import { copyShippedCorpus, type ShippedCopy } from '../support/shipped-corpus.ts';

let shipped: ShippedCopy;
let snapshotFile: string;
let questions: string[];
let fresh: LoadedEngine;

const load = () =>
  loadEngine({ corpusDir: shipped.corpusDir, dictionariesDir: shipped.dictionariesDir, snapshotFile });

/** Everything a question's answer depends on, comparable with toEqual. */
const answersOf = (loaded: LoadedEngine) => questions.map((q) => loaded.engine.ask(q));

beforeAll(async () => {
  shipped = copyShippedCorpus('kotae-engine-snapshot-');
  snapshotFile = join(shipped.dir, 'snapshot.json');
  questions = (await loadQuestions('tests/eval/questions.jsonl')).map((q) => q.question);
  fresh = await load();
});

afterAll(() => shipped.remove());

describe('engine snapshot', () => {
  it('builds from scratch without one and writes it', () => {
    expect(fresh.snapshot).toEqual({ index: 'rebuilt', reusedFiles: 0 });
    expect(readFileSync(snapshotFile, 'utf8').split('\n', 1)[0]).toMatch(/"format":2/);
  });

  it('restores MiniSearch whole and reuses every parsed file when nothing changed, answering the same', async () => {
    const restored = await load();
    expect(restored.snapshot).toEqual({ index: 'restored', reusedFiles: fresh.documents.length });
    expect(restored.passages).toEqual(fresh.passages);
    expect(restored.documents).toEqual(fresh.documents);
    // Equal as data: the radix tree may list its terms in another order once reloaded.
    const { index: restoredTerms, ...restoredRest } = restored.index.toJSON();
    const { index: freshTerms, ...freshRest } = fresh.index.toJSON();
    expect(restoredRest).toEqual(freshRest);
    expect(new Map(restoredTerms)).toEqual(new Map(freshTerms));
    expect(restored.index.vocabulary).toEqual(fresh.index.vocabulary);
    expect(answersOf(restored)).toEqual(answersOf(fresh));
  });

  it('parses only a changed file and rebuilds MiniSearch from the replayed terms', async () => {
    const file = join(shipped.corpusDir, 'kushiro-ikinai-junkan-renkan.txt');
    const original = readFileSync(file, 'utf8');
    try {
      appendFileSync(file, '\n白猫まつりは8月1日に幣舞公園で開催します。\n');
      const changed = await load();
      expect(changed.snapshot).toEqual({ index: 'terms', reusedFiles: fresh.documents.length - 1 });
      expect(changed.engine.ask('白猫まつりはどこで開催されますか').answered).toBe(true);
    } finally {
      writeFileSync(file, original);
    }
    expect((await load()).snapshot.index).toBe('terms');
    expect((await load()).snapshot.index).toBe('restored');
  });

  it('checks the terms again when a dictionary changed, and keeps the parsed files', async () => {
    const file = join(shipped.dictionariesDir, 'stopwords.txt');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${original}\n計画\n`);
      expect(await load().then((l) => l.snapshot)).toEqual({
        index: 'rebuilt',
        reusedFiles: fresh.documents.length,
      });
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('engine snapshot file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-snapshot-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'snapshot.json');
  const terms = { version: 1 as const, fingerprint: 'a'.repeat(64), entries: [] };
  const snapshot = { termsKey: 'k', terms, corpus: [], index: null };

  it('trusts only a body this build wrote, and offers another build only its terms', async () => {
    writeEngineSnapshot(file, 'build-1', snapshot);
    expect(await readEngineSnapshot(file, 'build-1')).toEqual({ kind: 'same-build', snapshot });
    expect(await readEngineSnapshot(file, 'build-2')).toEqual({ kind: 'other-build', terms });
  });

  it('does not trust a body that differs from its digest', async () => {
    writeEngineSnapshot(file, 'build-1', snapshot);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"termsKey":"k"', '"termsKey":"x"'));
    expect((await readEngineSnapshot(file, 'build-1')).kind).toBe('other-build');
  });

  it('ignores a file of the previous format or one that is not JSON', async () => {
    writeFileSync(file, JSON.stringify(terms));
    expect((await readEngineSnapshot(file, 'build-1')).kind).toBe('none');
    writeFileSync(file, '{"format":2,"build":"build-1","digest":"0"}\n{not json');
    expect((await readEngineSnapshot(file, 'build-1')).kind).toBe('none');
  });

  it('keys the build on the source: an edited module is another build', () => {
    const src = mkdtempSync(join(dir, 'src-'));
    writeFileSync(join(src, 'a.ts'), 'export const a = 1;\n');
    const before = computeBuildKey(src);
    expect(computeBuildKey(src)).toBe(before);
    writeFileSync(join(src, 'a.ts'), 'export const a = 2;\n');
    expect(computeBuildKey(src)).not.toBe(before);
    expect(currentBuildKey()).toMatch(/^[0-9a-f]{64}$/);
  });
});
