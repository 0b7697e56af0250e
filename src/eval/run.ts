// Runs an engine over evaluation questions and scores each result.
import type { AnswerEngine, CorpusDocument } from '../qa/types.ts';
import { expectedDocIds, type Question } from './questions.ts';
import { type QuestionScore, scoreQuestion } from './score.ts';

export interface RunOptions {
  /** Pass each question's municipality to the engine, as a city-specific LINE channel would. */
  scoped?: boolean;
  /** Seed file name -> corpus id, for questions that name their document by `source`. */
  sourceToDocId?: ReadonlyMap<string, string>;
}

export function sourceMap(documents: readonly CorpusDocument[]): Map<string, string> {
  return new Map(documents.map((d) => [d.meta.source, d.meta.id]));
}

export function runQuestions(
  engine: AnswerEngine,
  questions: readonly Question[],
  options: RunOptions = {},
): QuestionScore[] {
  const sources = options.sourceToDocId ?? new Map<string, string>();
  return questions.map((q) => {
    const result = engine.ask(q.question, options.scoped ? { municipality: q.municipality } : {});
    return scoreQuestion(q, result, expectedDocIds(q, sources));
  });
}
