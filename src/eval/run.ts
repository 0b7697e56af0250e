// Runs an answerer over evaluation questions and scores each result.
import { type AnswerEngine, answerText, type CorpusDocument } from '../qa/types.ts';
import { expectedDocIds, type Question } from './questions.ts';
import { type EngineResult, type QuestionScore, scoreQuestion } from './score.ts';

export type Answerer = (question: Question) => EngineResult;

/** `scoped` passes each question's municipality to the engine, as a city's own LINE channel would. */
export function engineAnswerer(engine: AnswerEngine, scoped = false): Answerer {
  // Scored as the public JSON line shows it: the answer followed by its citation.
  return (q) => {
    const answer = engine.ask(q.question, scoped ? { municipality: q.municipality } : {});
    return { ...answer, answer: answerText(answer) };
  };
}

/** Seed file name -> corpus id, for questions that name their document by `source`. */
export function sourceMap(documents: readonly CorpusDocument[]): Map<string, string> {
  return new Map(documents.map((d) => [d.meta.source, d.meta.id]));
}

export function runQuestions(
  answer: Answerer,
  questions: readonly Question[],
  sourceToDocId: ReadonlyMap<string, string> = new Map(),
): QuestionScore[] {
  return questions.map((q) => scoreQuestion(q, answer(q), expectedDocIds(q, sourceToDocId)));
}
