// Loads the analyzer, dictionaries and corpus from disk and builds the engine (the I/O edge of qa/).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpusDir } from '../corpus/load.ts';
import { type Analyzer, createAnalyzer } from '../qa/analyzer.ts';
import { type Dictionaries, parseDictionaries } from '../qa/dictionaries.ts';
import { createEngine, type Engine } from '../qa/engine.ts';
import { buildIndex, type PassageIndex } from '../qa/index.ts';
import { cachingAnalyzer } from '../qa/snapshot.ts';
import type { CorpusDocument, Passage } from '../qa/types.ts';
import { yearTerms } from '../qa/years.ts';
import { loadTokenizer } from '../tokenizer.ts';
import {
  currentBuildKey,
  indexKeyOf,
  readEngineSnapshot,
  type SnapshotRead,
  termsKeyOf,
  writeEngineSnapshot,
} from './snapshot.ts';

export interface EngineDirs {
  corpusDir: string;
  dictionariesDir: string;
  /** The clock for schedule questions (KOTAE_NOW); the system clock by default. */
  now?: () => Date;
  /** Where the index snapshot is read and written; null turns it off. Default INDEX_SNAPSHOT_FILE. */
  snapshotFile?: string | null;
}

/** Terms, parsed corpus and MiniSearch index of the last load (src/engine/snapshot.ts): a cache, safe to delete. */
export const INDEX_SNAPSHOT_FILE = fileURLToPath(
  new URL('../../node_modules/.cache/kotae/index-snapshot.json', import.meta.url),
);

export interface SnapshotUse {
  /** `restored`: MiniSearch loaded whole; `terms`: the analyzer's terms replayed, MiniSearch rebuilt. */
  index: 'restored' | 'terms' | 'rebuilt';
  /** Corpus files whose passages came from the snapshot instead of being parsed. */
  reusedFiles: number;
}

export interface LoadedEngine {
  engine: Engine;
  analyzer: Analyzer;
  index: PassageIndex;
  documents: CorpusDocument[];
  passages: Passage[];
  /** Corpus files that could not be read; the rest is served. */
  corpusErrors: string[];
  timings: { tokenizerMs: number; corpusMs: number; indexMs: number };
  snapshot: SnapshotUse;
}

export const DICTIONARY_FILES = {
  userTerms: 'user-terms.tsv',
  synonyms: 'synonyms.txt',
  stopwords: 'stopwords.txt',
  generalSynonyms: 'general-synonyms.tsv',
} as const;

type DictionaryTexts = Record<keyof typeof DICTIONARY_FILES, string>;

async function readDictionaryTexts(dir: string): Promise<DictionaryTexts> {
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  return {
    userTerms: await read(DICTIONARY_FILES.userTerms),
    synonyms: await read(DICTIONARY_FILES.synonyms),
    stopwords: await read(DICTIONARY_FILES.stopwords),
    // Generated and optional: a city without it still runs.
    generalSynonyms: await read(DICTIONARY_FILES.generalSynonyms).catch(() => ''),
  };
}

function parseDictionaryTexts(dir: string, texts: DictionaryTexts): Dictionaries {
  const parsed = parseDictionaries(texts);
  if (!parsed.success) throw new Error(`dictionaries in ${dir} are malformed:\n${parsed.errors.join('\n')}`);
  return parsed.data;
}

export async function loadDictionaries(dir: string): Promise<Dictionaries> {
  return parseDictionaryTexts(dir, await readDictionaryTexts(dir));
}

const NO_SNAPSHOT: SnapshotRead = { kind: 'none', reason: 'snapshots are off' };

export async function loadEngine(dirs: EngineDirs): Promise<LoadedEngine> {
  const t0 = performance.now();
  const snapshotFile = dirs.snapshotFile === undefined ? INDEX_SNAPSHOT_FILE : dirs.snapshotFile;
  const build = snapshotFile ? currentBuildKey() : '';
  const [tokenizer, dictionaryTexts, previous] = await Promise.all([
    loadTokenizer(),
    readDictionaryTexts(dirs.dictionariesDir),
    snapshotFile ? readEngineSnapshot(snapshotFile, build) : NO_SNAPSHOT,
  ]);
  const dictionaries = parseDictionaryTexts(dirs.dictionariesDir, dictionaryTexts);
  const termsKey = termsKeyOf(build, Object.values(dictionaryTexts));
  const same = previous.kind === 'same-build' ? previous.snapshot : null;
  const t1 = performance.now();
  // Passages depend on the code only, so the same build's are reused whatever the dictionaries say.
  const corpus = await loadCorpusDir(
    dirs.corpusDir,
    same ? { cached: new Map(same.corpus.map((f) => [f.name, f])) } : {},
  );
  const t2 = performance.now();
  const analyzer = createAnalyzer({ tokenizer, dictionaries, extraTerms: yearTerms });
  const trusted = same !== null && same.termsKey === termsKey;
  const caching = cachingAnalyzer(
    analyzer,
    same ? same.terms : previous.kind === 'other-build' ? previous.terms : undefined,
    { trusted },
  );
  const indexKey = indexKeyOf(termsKey, corpus.files);
  const restore = trusted && same.index?.key === indexKey ? same.index.restore : undefined;
  const index = buildIndex(corpus.passages, caching.analyzer, restore);
  const unchanged = restore !== undefined && caching.stats().analyzed === 0;
  if (snapshotFile && !unchanged) {
    writeEngineSnapshot(snapshotFile, build, {
      termsKey,
      terms: caching.snapshot(),
      corpus: corpus.files,
      index: { key: indexKey, restore: index.snapshot() },
    });
  }
  const engine = createEngine({ analyzer, index, ...(dirs.now ? { now: dirs.now } : {}) });
  const t3 = performance.now();
  return {
    engine,
    analyzer,
    index,
    documents: corpus.documents,
    passages: corpus.passages,
    corpusErrors: corpus.errors,
    timings: { tokenizerMs: t1 - t0, corpusMs: t2 - t1, indexMs: t3 - t2 },
    snapshot: {
      index: restore ? 'restored' : caching.accepted ? 'terms' : 'rebuilt',
      reusedFiles: corpus.reused,
    },
  };
}
