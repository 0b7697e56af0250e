// Holds the serving engine and swaps it for a freshly built one on reload; a failed reload keeps the old one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDictionaries } from '../qa/dictionaries.ts';
import type { AnswerEngine, Passage } from '../qa/types.ts';
import { DICTIONARY_FILES, type LoadedEngine } from './load-engine.ts';
import { engineMessages } from './messages.ts';

/** Why a reload kept the old engine: a malformed dictionary, a corpus file that would be dropped, or a failed build. */
export type ReloadRefusal = 'dictionaries' | 'corpus' | 'load';

export type ReloadResult =
  | { ok: true; loaded: LoadedEngine; ms: number }
  | { ok: false; reason: ReloadRefusal; errors: string[] };

/** The last refused reload, kept until a reload succeeds so the console can show it after the fact. */
export interface ReloadFailure {
  at: number;
  reason: ReloadRefusal;
  errors: string[];
}

export interface EngineHolder {
  /** The serving engine; null until the first load has finished. */
  current(): LoadedEngine | null;
  /** Resolves with the first engine (or rejects when it could not load). */
  ready(): Promise<LoadedEngine>;
  /**
   * Re-reads the dictionaries and corpus and swaps the engine in with one assignment. A call made while a
   * reload runs gets one more reload after it (shared by every call made meanwhile), so it sees the files
   * as they are when it was asked.
   */
  reload(): Promise<ReloadResult>;
  /** The last refused reload, or null when the last reload succeeded (or none was refused yet). */
  lastFailure(): ReloadFailure | null;
}

export interface EngineHolderOptions {
  load: () => Promise<LoadedEngine>;
  /** Checked before a reload so a malformed line is reported as file:line and nothing is rebuilt. */
  dictionariesDir: string;
  clock?: () => number;
}

/** Each dictionary file checked on its own, errors naming `dictionaries/<file>:<line>`. */
export async function checkDictionaries(dir: string): Promise<string[]> {
  const read = async (name: string): Promise<string | Error> => {
    try {
      return await readFile(path.join(dir, name), 'utf8');
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const files = {
    userTerms: await read(DICTIONARY_FILES.userTerms),
    synonyms: await read(DICTIONARY_FILES.synonyms),
    stopwords: await read(DICTIONARY_FILES.stopwords),
  };
  const unreadable = Object.entries(files).flatMap(([key, value]) =>
    value instanceof Error
      ? [
          engineMessages.unreadableFile(
            `${dir}/${DICTIONARY_FILES[key as keyof typeof DICTIONARY_FILES]}`,
            value.message,
          ),
        ]
      : [],
  );
  if (unreadable.length > 0) return unreadable;
  const parsed = parseDictionaries(files as { userTerms: string; synonyms: string; stopwords: string });
  return parsed.success ? [] : parsed.errors.map((e) => `${dir}/${e}`);
}

export function createEngineHolder(options: EngineHolderOptions): EngineHolder {
  const clock = options.clock ?? Date.now;
  let serving: LoadedEngine | null = null;
  let failure: ReloadFailure | null = null;
  let running: Promise<ReloadResult> | null = null;
  let queued: Promise<ReloadResult> | null = null;
  const first = options.load().then((loaded) => {
    serving ??= loaded;
    return loaded;
  });
  // The first load's failure is reported through ready(); it must not be an unhandled rejection.
  first.catch(() => {});

  const build = async (): Promise<ReloadResult> => {
    const started = performance.now();
    const errors = await checkDictionaries(options.dictionariesDir);
    if (errors.length > 0) return { ok: false, reason: 'dictionaries', errors };
    let loaded: LoadedEngine;
    try {
      loaded = await options.load();
    } catch (error) {
      return { ok: false, reason: 'load', errors: [error instanceof Error ? error.message : String(error)] };
    }
    // A broken file would silently drop a document residents rely on; the old index keeps serving it.
    if (loaded.corpusErrors.length > 0) return { ok: false, reason: 'corpus', errors: loaded.corpusErrors };
    return { ok: true, loaded, ms: Math.round(performance.now() - started) };
  };

  const reloadOnce = async (): Promise<ReloadResult> => {
    const result = await build();
    if (result.ok) {
      serving = result.loaded;
      failure = null;
    } else {
      failure = { at: clock(), reason: result.reason, errors: result.errors };
    }
    return result;
  };

  const start = (): Promise<ReloadResult> => {
    const promise = reloadOnce().finally(() => {
      if (running === promise) running = null;
    });
    running = promise;
    return promise;
  };

  return {
    current: () => serving,
    ready: () => first,
    lastFailure: () => failure,
    reload() {
      if (queued) return queued;
      if (!running) return start();
      queued = running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return start();
        });
      return queued;
    },
  };
}

/** What the LINE handler needs, always read from the holder's current engine so a reload reaches residents too. */
export interface LiveEngine extends AnswerEngine {
  lookupPassage(passageId: string): Passage | undefined;
}

export function liveEngine(holder: EngineHolder): LiveEngine {
  const loaded = (): LoadedEngine => {
    const current = holder.current();
    if (!current) throw new Error('liveEngine: the engine is not loaded yet; await holder.ready() first');
    return current;
  };
  return {
    ask: (question, options) => loaded().engine.ask(question, options),
    followUps: (passageId) => loaded().engine.followUps(passageId),
    lookupPassage: (passageId) => loaded().index.passages.get(passageId),
  };
}
