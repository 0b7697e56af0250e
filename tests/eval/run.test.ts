import { describe, expect, it } from 'vitest';
import { parseQuestions } from '../../src/eval/questions.ts';
import { engineAnswerer, runQuestions } from '../../src/eval/run.ts';
import type { Answer, AnswerEngine, AskOptions } from '../../src/qa/types.ts';

const questions = parseQuestions(
  [
    { id: 'q001', category: 'schedule', question: '法律相談は？', facts: ['金曜日'], source: '003.txt' },
    { id: 'q002', category: 'out_of_scope', question: '天気は？' },
  ]
    .map(({ id, category, question, facts, source }) =>
      JSON.stringify({
        id,
        question,
        category,
        variant: 'plain',
        municipality: '釧路市',
        expect: facts ? { answered: true, facts, source } : { answered: false },
      }),
    )
    .join('\n'),
  'fixture.jsonl',
);

function fakeEngine(seen: Array<AskOptions | undefined>): AnswerEngine {
  return {
    ask(question: string, options?: AskOptions): Answer {
      seen.push(options);
      const source = {
        docId: 'kushiro-jimu',
        title: '',
        municipality: '釧路市',
        section: '',
        excerpt: '',
        score: 1,
        passageId: 'kushiro-jimu#0',
      };
      return question.includes('法律')
        ? {
            answered: true,
            citation: '（出典：テスト資料／釧路市）',
            question,
            answer: '金曜日のみ',
            confidence: 0.9,
            municipality: '釧路市',
            sources: [source],
          }
        : {
            answered: false,
            question,
            answer: '申し訳ありません',
            reason: 'out_of_scope',
            confidence: 0.1,
            municipality: null,
            sources: [],
          };
    },
  };
}

describe('runQuestions', () => {
  it('scores each engine answer, mapping seed sources to corpus ids', () => {
    const scores = runQuestions(
      engineAnswerer(fakeEngine([])),
      questions,
      new Map([['003.txt', 'kushiro-jimu']]),
    );
    expect(scores.map((s) => [s.id, s.correct, s.rank])).toEqual([
      ['q001', true, 1],
      ['q002', true, null],
    ]);
  });

  it('asks without a municipality unless scoped', () => {
    const unscoped: Array<AskOptions | undefined> = [];
    runQuestions(engineAnswerer(fakeEngine(unscoped)), questions);
    expect(unscoped).toEqual([{}, {}]);
    const scoped: Array<AskOptions | undefined> = [];
    runQuestions(engineAnswerer(fakeEngine(scoped), true), questions);
    expect(scoped).toEqual([{ municipality: '釧路市' }, { municipality: '釧路市' }]);
  });
});
