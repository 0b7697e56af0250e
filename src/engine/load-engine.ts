// Loads the analyzer, dictionaries and corpus from disk and builds the engine (the I/O edge of qa/).

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpusDir } from '../corpus/load.ts';
import { type Analyzer, createAnalyzer } from '../qa/analyzer.ts';
import { type Dictionaries, parseDictionaries } from '../qa/dictionaries.ts';
import { createEngine, type Engine } from '../qa/engine.ts';
import { buildIndex, type PassageIndex } from '../qa/index.ts';
import { cachingAnalyzer, parseSnapshot, type TermSnapshot } from '../qa/snapshot.ts';
import type { CorpusDocument, Passage } from '../qa/types.ts';
import { yearTerms } from '../qa/years.ts';
import { loadTokenizer } from '../tokenizer.ts';

export interface EngineDirs {
  corpusDir: string;
  dictionariesDir: string;
  /** The clock for schedule questions (KOTAE_NOW); the system clock by default. */
  now?: () => Date;
  /** Where the index snapshot is read and written; null turns it off. Default INDEX_SNAPSHOT_FILE. */
  snapshotFile?: string | null;
}

/** The analyzer's terms from the last build (src/qa/snapshot.ts): a cache, safe to delete. */
export const INDEX_SNAPSHOT_FILE = fileURLToPath(
  new URL('../../node_modules/.cache/kotae/index-snapshot.json', import.meta.url),
);

async function readSnapshot(file: string): Promise<TermSnapshot | undefined> {
  try {
    const parsed = parseSnapshot(JSON.parse(await readFile(file, 'utf8')));
    return parsed.ok ? parsed.snapshot : undefined;
  } catch {
    return undefined;
  }
}

/** Synchronous, so no half-written file outlives a process that exits right after loading. */
function writeSnapshot(file: string, snapshot: TermSnapshot): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, JSON.stringify(snapshot));
    renameSync(temporary, file);
  } catch {
    // A snapshot that fails to save only costs the next start-up.
    rmSync(temporary, { force: true });
  }
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
}

export const DICTIONARY_FILES = {
  userTerms: 'user-terms.tsv',
  synonyms: 'synonyms.txt',
  stopwords: 'stopwords.txt',
  generalSynonyms: 'general-synonyms.tsv',
} as const;

export async function loadDictionaries(dir: string): Promise<Dictionaries> {
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const parsed = parseDictionaries({
    userTerms: await read(DICTIONARY_FILES.userTerms),
    synonyms: await read(DICTIONARY_FILES.synonyms),
    stopwords: await read(DICTIONARY_FILES.stopwords),
    // Generated and optional: a city without it still runs.
    generalSynonyms: await read(DICTIONARY_FILES.generalSynonyms).catch(() => ''),
  });
  if (!parsed.success) throw new Error(`dictionaries in ${dir} are malformed:\n${parsed.errors.join('\n')}`);
  return parsed.data;
}

export async function loadEngine(dirs: EngineDirs): Promise<LoadedEngine> {
  const t0 = performance.now();
  const [tokenizer, dictionaries] = await Promise.all([
    loadTokenizer(),
    loadDictionaries(dirs.dictionariesDir),
  ]);
  const t1 = performance.now();
  const corpus = await loadCorpusDir(dirs.corpusDir);
  const t2 = performance.now();
  const analyzer = createAnalyzer({ tokenizer, dictionaries, extraTerms: yearTerms });
  const snapshotFile = dirs.snapshotFile === undefined ? INDEX_SNAPSHOT_FILE : dirs.snapshotFile;
  const caching = cachingAnalyzer(analyzer, snapshotFile ? await readSnapshot(snapshotFile) : undefined);
  const index = buildIndex(corpus.passages, caching.analyzer);
  if (snapshotFile && caching.stats().analyzed > 0) writeSnapshot(snapshotFile, caching.snapshot());
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
  };
}
