import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDictionaries, createEngineHolder, liveEngine } from '../../src/engine/holder.ts';
import type { LoadedEngine } from '../../src/engine/load-engine.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dictionaries(userTerms: string, synonyms = 'a, b\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-dict-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'user-terms.tsv'), userTerms);
  writeFileSync(join(dir, 'synonyms.txt'), synonyms);
  writeFileSync(join(dir, 'stopwords.txt'), '');
  return dir;
}

const fake = (n: number, corpusErrors: string[] = []) =>
  ({ timings: { n }, corpusErrors }) as unknown as LoadedEngine;

describe('createEngineHolder', () => {
  it('serves the first load, then swaps in a reload', async () => {
    let n = 0;
    const holder = createEngineHolder({
      load: async () => fake(++n),
      dictionariesDir: dictionaries('語\tゴ\n'),
    });
    expect(holder.current()).toBeNull();
    const first = await holder.ready();
    expect(holder.current()).toBe(first);
    const result = await holder.reload();
    expect(result.ok).toBe(true);
    expect(holder.current()).not.toBe(first);
  });

  it('runs one more reload after the running one for calls made meanwhile, shared between them', async () => {
    let loads = 0;
    let release: () => void = () => {};
    const holder = createEngineHolder({
      load: async () => {
        loads++;
        if (loads === 2) await new Promise<void>((resolve) => (release = resolve));
        return fake(loads);
      },
      dictionariesDir: dictionaries(''),
    });
    await holder.ready();
    const a = holder.reload();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const b = holder.reload();
    const c = holder.reload();
    expect(b).toBe(c);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(loads).toBe(3);
    expect(ra.ok && rb.ok && ra.loaded !== rb.loaded).toBe(true);
    expect(holder.current()).toBe(rb.ok ? rb.loaded : null);
  });

  it('keeps the old engine and records the failure when a corpus file cannot be read', async () => {
    let broken = false;
    const holder = createEngineHolder({
      load: async () => fake(1, broken ? ['bad.txt: the header has no title'] : []),
      dictionariesDir: dictionaries(''),
      clock: () => 42,
    });
    const first = await holder.ready();
    broken = true;
    expect(await holder.reload()).toEqual({
      ok: false,
      reason: 'corpus',
      errors: ['bad.txt: the header has no title'],
    });
    expect(holder.current()).toBe(first);
    expect(holder.lastFailure()).toEqual({
      at: 42,
      reason: 'corpus',
      errors: ['bad.txt: the header has no title'],
    });
    broken = false;
    expect((await holder.reload()).ok).toBe(true);
    expect(holder.current()).not.toBe(first);
    expect(holder.lastFailure()).toBeNull();
  });

  it('keeps the old engine when a dictionary line is malformed or the load fails', async () => {
    let fail = false;
    const dir = dictionaries('ok\n\nbad\treading\textra\n', 'x => \n');
    const holder = createEngineHolder({
      load: async () => {
        if (fail) throw new Error('corpus exploded');
        return fake(1);
      },
      dictionariesDir: dir,
    });
    const first = await holder.ready();
    const refused = await holder.reload();
    expect(refused).toEqual({
      ok: false,
      reason: 'dictionaries',
      errors: [
        `${dir}/user-terms.tsv:3: expected "term<TAB>reading", got "bad\treading\textra"`,
        `${dir}/synonyms.txt:1: expected "a, b, c" or "a, b => c", got "x =>"`,
      ],
    });
    writeFileSync(join(dir, 'user-terms.tsv'), '');
    writeFileSync(join(dir, 'synonyms.txt'), '');
    fail = true;
    expect(await holder.reload()).toEqual({ ok: false, reason: 'load', errors: ['corpus exploded'] });
    expect(holder.current()).toBe(first);
  });

  it('names a missing dictionary file', async () => {
    const dir = dictionaries('');
    rmSync(join(dir, 'synonyms.txt'));
    const errors = await checkDictionaries(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/synonyms\.txt: 読み込めません/);
  });
});

describe('liveEngine', () => {
  it('asks whichever engine the holder serves now', async () => {
    let n = 0;
    const make = (label: string) =>
      ({
        engine: { ask: (q: string) => ({ answered: false, question: `${label}:${q}` }) },
        index: { passages: new Map([['p#1', { id: `${label}-passage` }]]) },
        corpusErrors: [],
      }) as unknown as LoadedEngine;
    const holder = createEngineHolder({
      load: async () => make(`v${++n}`),
      dictionariesDir: dictionaries(''),
    });
    const live = liveEngine(holder);
    expect(() => live.ask('q')).toThrow(/not loaded yet/);
    await holder.ready();
    expect(live.ask('q').question).toBe('v1:q');
    await holder.reload();
    expect(live.ask('q').question).toBe('v2:q');
    expect(live.lookupPassage('p#1')?.id).toBe('v2-passage');
  });
});
