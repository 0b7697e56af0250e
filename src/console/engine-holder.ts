// Holds the serving engine and swaps it for a freshly built one on reload; a failed reload keeps the old one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DICTIONARY_FILES, type LoadedEngine } from '../load-engine.ts';
import { parseDictionaries } from '../qa/dictionaries.ts';
import type { AnswerEngine, Passage } from '../qa/types.ts';

export type ReloadResult = { ok: true; loaded: LoadedEngine; ms: number } | { ok: false; errors: string[] };

export interface EngineHolder {
  /** The serving engine; null until the first load has finished. */
  current(): LoadedEngine | null;
  /** Resolves with the first engine (or rejects when it could not load). */
  ready(): Promise<LoadedEngine>;
  /** Re-reads the dictionaries and corpus and swaps the engine in; concurrent calls share one reload. */
  reload(): Promise<ReloadResult>;
}

export interface EngineHolderOptions {
  load: () => Promise<LoadedEngine>;
  /** Checked before a reload so a malformed line is reported as file:line and nothing is rebuilt. */
  dictionariesDir: string;
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
          `${dir}/${DICTIONARY_FILES[key as keyof typeof DICTIONARY_FILES]}: 読み込めません（${value.message}）`,
        ]
      : [],
  );
  if (unreadable.length > 0) return unreadable;
  const parsed = parseDictionaries(files as { userTerms: string; synonyms: string; stopwords: string });
  return parsed.success ? [] : parsed.errors.map((e) => `${dir}/${e}`);
}

export function createEngineHolder(options: EngineHolderOptions): EngineHolder {
  let serving: LoadedEngine | null = null;
  let reloading: Promise<ReloadResult> | null = null;
  const first = options.load().then((loaded) => {
    serving ??= loaded;
    return loaded;
  });
  // The first load's failure is reported through ready(); it must not be an unhandled rejection.
  first.catch(() => {});

  const reload = async (): Promise<ReloadResult> => {
    const started = performance.now();
    const errors = await checkDictionaries(options.dictionariesDir);
    if (errors.length > 0) return { ok: false, errors };
    try {
      const loaded = await options.load();
      serving = loaded;
      return { ok: true, loaded, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
    }
  };

  return {
    current: () => serving,
    ready: () => first,
    reload() {
      reloading ??= reload().finally(() => {
        reloading = null;
      });
      return reloading;
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
    lookupPassage: (passageId) => loaded().index.passages.get(passageId),
  };
}
