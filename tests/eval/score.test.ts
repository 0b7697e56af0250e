import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/eval/questions.ts';
import {
  answerBody,
  type EngineResult,
  firstRelevantRank,
  firstSentence,
  missingFacts,
  normalizeForMatch,
  percentile,
  scoreQuestion,
  summarize,
} from '../../src/eval/score.ts';

const answerable: Question = {
  id: 'q001',
  question: '釧路市の人口は？',
  category: 'figure',
  variant: 'plain',
  municipality: '釧路市',
  expect: { answered: true, facts: ['151,326'], docId: 'kushiro-a' },
};

const outOfScope: Question = {
  id: 'q002',
  question: '明日の天気は？',
  category: 'out_of_scope',
  variant: 'plain',
  municipality: '釧路市',
  expect: { answered: false },
};

function result(overrides: Partial<EngineResult> = {}): EngineResult {
  return {
    question: 'x',
    answered: true,
    answer: '総数 151,326人',
    confidence: 0.9,
    municipality: '釧路市',
    sources: [{ docId: 'kushiro-a' }],
    ...overrides,
  };
}

describe('normalizeForMatch', () => {
  it('treats full-width digits, full-width commas and spaces as their plain forms', () => {
    expect(normalizeForMatch('１５１，３２６ 人')).toBe(normalizeForMatch('151,326人'));
  });

  it('ignores thousands separators and letter case', () => {
    expect(normalizeForMatch('151326')).toBe(normalizeForMatch('151,326'));
    expect(normalizeForMatch('ＦＡＸ')).toBe('fax');
  });

  it('joins names spelled with spaces between characters', () => {
    expect(normalizeForMatch('鶴 間 秀 典')).toBe('鶴間秀典');
  });

  it('unifies wave dashes', () => {
    expect(normalizeForMatch('16～24ページ')).toBe(normalizeForMatch('16〜24ページ'));
  });
});

describe('missingFacts', () => {
  it('lists only the facts absent from the answer', () => {
    expect(missingFacts('毎週月曜日に放送', ['月曜日', '10時05分'])).toEqual(['10時05分']);
  });

  it('finds a fact written in full-width form', () => {
    expect(missingFacts('令和７年１０月２６日', ['令和7年10月26日'])).toEqual([]);
  });
});

describe('firstRelevantRank', () => {
  it('returns the 1-based position of the first expected document', () => {
    expect(firstRelevantRank([{ docId: 'b' }, { docId: 'a' }, { docId: 'c' }], ['c', 'a'])).toBe(2);
  });

  it('returns null when no source matches', () => {
    expect(firstRelevantRank([{ docId: 'b' }], ['a'])).toBeNull();
    expect(firstRelevantRank([], ['a'])).toBeNull();
  });
});

describe('scoreQuestion', () => {
  it('counts an answer with every fact as correct', () => {
    const s = scoreQuestion(answerable, result(), ['kushiro-a']);
    expect(s.correct).toBe(true);
    expect(s.rank).toBe(1);
  });

  it('counts an answer missing a fact as wrong though the decision is right', () => {
    const s = scoreQuestion(answerable, result({ answer: '総数 150,000人' }), ['kushiro-a']);
    expect(s.decisionCorrect).toBe(true);
    expect(s.correct).toBe(false);
    expect(s.missingFacts).toEqual(['151,326']);
  });

  it('counts a decline of an answerable question as wrong with every fact missing', () => {
    const s = scoreQuestion(answerable, result({ answered: false, answer: '申し訳ありません' }), [
      'kushiro-a',
    ]);
    expect(s.correct).toBe(false);
    expect(s.missingFacts).toEqual(['151,326']);
  });

  it('counts a decline of an out-of-scope question as correct whatever the text says', () => {
    const s = scoreQuestion(outOfScope, result({ answered: false, answer: '151,326' }), []);
    expect(s.correct).toBe(true);
    expect(s.rank).toBeNull();
  });

  it('counts an answer to an out-of-scope question as wrong', () => {
    expect(scoreQuestion(outOfScope, result(), []).correct).toBe(false);
  });

  it('ranks retrieval even when the engine declined', () => {
    const s = scoreQuestion(
      answerable,
      result({ answered: false, sources: [{ docId: 'x' }, { docId: 'kushiro-a' }] }),
      ['kushiro-a'],
    );
    expect(s.rank).toBe(2);
  });
});

describe('summarize', () => {
  const scores = [
    scoreQuestion(answerable, result(), ['kushiro-a']),
    scoreQuestion(
      { ...answerable, id: 'q003', variant: 'hiragana' },
      result({ sources: [{ docId: 'x' }, { docId: 'y' }, { docId: 'z' }, { docId: 'kushiro-a' }] }),
      ['kushiro-a'],
    ),
    scoreQuestion(
      { ...answerable, id: 'q004' },
      result({ answered: false, sources: [{ docId: 'x' }, { docId: 'kushiro-a' }] }),
      ['kushiro-a'],
    ),
    scoreQuestion(outOfScope, result({ answered: false }), []),
    scoreQuestion({ ...outOfScope, id: 'q005' }, result({ confidence: 0.95 }), []),
    scoreQuestion({ ...outOfScope, id: 'q006' }, result({ confidence: 0.3 }), []),
  ];
  const summary = summarize(scores);

  it('computes overall, answerable and out-of-scope accuracy', () => {
    expect(summary.overall).toEqual({ total: 6, correct: 3, accuracy: 0.5 });
    expect(summary.answerable.correct).toBe(2);
    expect(summary.outOfScope).toEqual({ total: 3, correct: 1, accuracy: 1 / 3 });
  });

  it('computes Recall@3 and MRR over answerable questions only', () => {
    expect(summary.recallAt3).toBeCloseTo(2 / 3);
    expect(summary.mrr).toBeCloseTo((1 + 1 / 4 + 1 / 2) / 3);
  });

  it('computes decline precision and recall', () => {
    expect(summary.decline).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2 });
    expect(summary.decline.precision).toBeCloseTo(0.5);
    expect(summary.decline.recall).toBeCloseTo(1 / 3);
  });

  it('lists out-of-scope questions answered with high confidence', () => {
    expect(summary.confidentOutOfScopeAnswers.map((s) => s.id)).toEqual(['q005']);
  });

  it('breaks accuracy down by category and variant', () => {
    expect(summary.byCategory.figure).toEqual({ total: 3, correct: 2, accuracy: 2 / 3 });
    expect(summary.byVariant.hiragana).toEqual({ total: 1, correct: 1, accuracy: 1 });
    expect(summary.byVariant.plain?.total).toBe(5);
  });

  it('reports undefined precision as null when nothing was declined', () => {
    const none = summarize([scoreQuestion(answerable, result(), ['kushiro-a'])]);
    expect(none.decline.precision).toBeNull();
    expect(none.decline.recall).toBeNull();
  });
});

describe('fact first and answer length', () => {
  it('reads the first sentence up to a full stop or a line break, without the citation', () => {
    expect(firstSentence('参加費：無料\n会場：市民ホール\n（出典：案内「講座」／釧路市）')).toBe(
      '参加費：無料',
    );
    expect(firstSentence('人口は151,326人です。前回より減少しました。')).toBe('人口は151,326人です。');
    expect(answerBody('答え\n（出典：案内「講座」／釧路市）')).toBe('答え');
  });

  it('counts a right answer as fact first only when its first sentence holds every fact', () => {
    const first = scoreQuestion(answerable, result({ answer: '総数 151,326人\n（出典：x）' }), ['kushiro-a']);
    const later = scoreQuestion(answerable, result({ answer: '人口の推移\n総数 151,326人' }), ['kushiro-a']);
    expect(first.factFirst).toBe(true);
    expect(later.factFirst).toBe(false);
    expect(later.correct).toBe(true);
    const summary = summarize([first, later]);
    expect(summary.factFirst).toEqual({ of: 2, count: 1, share: 0.5 });
  });

  it('separates wrong answers from wrong declines', () => {
    const wrong = scoreQuestion(answerable, result({ answer: '総数 99人' }), ['kushiro-a']);
    const declined = scoreQuestion(answerable, result({ answered: false, answer: 'わかりません' }), []);
    const summary = summarize([wrong, declined]);
    expect(summary.wrongAnswers).toBe(1);
    expect(summary.wrongDeclines).toBe(1);
  });

  it('takes the median and 90th percentile of answer lengths by nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([], 0.5)).toBe(0);
  });
});
