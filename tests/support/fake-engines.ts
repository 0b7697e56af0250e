// An engine holder around a fake answer engine, for service tests: the LINE side asks the fake, while
// the console's pages read a real (tiny) analyzer and index over the same passages.
import { fileURLToPath } from 'node:url';
import { createEngineHolder, type EngineHolder } from '../../src/engine/holder.ts';
import type { LoadedEngine } from '../../src/engine/load-engine.ts';
import { createAnalyzer, type RawToken, type Tokenizer } from '../../src/qa/analyzer.ts';
import { createEngine } from '../../src/qa/engine.ts';
import { buildIndex } from '../../src/qa/index.ts';
import type { AnswerEngine, CorpusDocument, Passage } from '../../src/qa/types.ts';

/** Only read by a reload's dictionary check. */
const SHIPPED_DICTIONARIES = fileURLToPath(new URL('../../dictionaries', import.meta.url));

/** Runs of one script as nouns: enough for the index to hold the passages, with no dictionary to load. */
const scriptRunTokenizer: Tokenizer = {
  tokenize: (text) =>
    (
      text.match(/\p{Script=Han}+|\p{Script=Katakana}+|\p{Script=Hiragana}+|[\p{L}\p{N}]+|[^\p{L}\p{N}]/gu) ??
      []
    ).map(
      (surface): RawToken => ({
        surface_form: surface,
        pos: '名詞',
        pos_detail_1: '一般',
        basic_form: surface,
      }),
    ),
};

const documentsOf = (passages: readonly Passage[]): CorpusDocument[] =>
  [...new Map(passages.map((p) => [p.docId, p])).values()].map((p) => ({
    meta: { id: p.docId, title: p.title, municipality: p.municipality, source: `${p.docId}.txt` },
    body: passages
      .filter((q) => q.docId === p.docId)
      .map((q) => q.text)
      .join('\n\n'),
  }));

/** The fake answers residents (ask, followUps); the console's explanations come from the tiny real engine. */
export function fakeLoadedEngine(fake: AnswerEngine, passages: readonly Passage[] = []): LoadedEngine {
  const analyzer = createAnalyzer({
    tokenizer: scriptRunTokenizer,
    dictionaries: { userTerms: [], synonyms: [], stopwords: new Set(), generalSynonyms: new Map() },
  });
  const index = buildIndex([...passages], analyzer);
  const real = createEngine({ analyzer, index });
  return {
    engine: {
      ask: (question, options) => fake.ask(question, options),
      followUps: (passageId) => fake.followUps?.(passageId) ?? [],
      explain: (question, options) => real.explain(question, options),
    },
    analyzer,
    index,
    documents: documentsOf(passages),
    passages: [...passages],
    corpusErrors: [],
    timings: { tokenizerMs: 0, corpusMs: 0, indexMs: 0 },
    snapshot: { index: 'rebuilt', reusedFiles: 0 },
  };
}

export interface FakeEnginesOptions {
  passages?: readonly Passage[];
  /** The first load waits for it, so a test can watch the service before the engine is ready. */
  gate?: Promise<void>;
  /** Checked before a reload; reloads are refused when it holds no dictionaries. */
  dictionariesDir?: string;
}

export function fakeEngines(fake: AnswerEngine, options: FakeEnginesOptions = {}): EngineHolder {
  return createEngineHolder({
    load: async () => {
      await options.gate;
      return fakeLoadedEngine(fake, options.passages);
    },
    dictionariesDir: options.dictionariesDir ?? SHIPPED_DICTIONARIES,
  });
}
