import { describe, expect, it } from 'vitest';
import { formatFailures, formatSummary } from '../../src/eval/report.ts';
import { type QuestionScore, summarize } from '../../src/eval/score.ts';

function score(overrides: Partial<QuestionScore>): QuestionScore {
  return {
    id: 'q001',
    question: '釧路市の人口は？',
    category: 'figure',
    variant: 'plain',
    expectedAnswered: true,
    answered: true,
    answer: '総数 151,326人',
    confidence: 0.9,
    decisionCorrect: true,
    correct: true,
    missingFacts: [],
    factFirst: true,
    answerChars: 10,
    rank: 1,
    topDocIds: ['kushiro-a'],
    ...overrides,
  };
}

describe('formatSummary', () => {
  it('shows accuracy, retrieval and per-category rows', () => {
    const text = formatSummary(
      'set.jsonl',
      summarize([score({}), score({ id: 'q002', category: 'date', correct: false, missingFacts: ['x'] })]),
    );
    expect(text).toContain('accuracy            50.0%  (1/2)');
    expect(text).toContain('Recall@3            100.0%');
    expect(text).toMatch(/^date\s+1\s+0\s+0\.0%$/m);
    expect(text).toContain('decline precision   —');
  });
});

describe('formatFailures', () => {
  it('lists each failure with its reason and the answer given', () => {
    const text = formatFailures([
      score({}),
      score({ id: 'q002', correct: false, missingFacts: ['151,326'], answer: '総数 150,000人' }),
      score({
        id: 'q003',
        expectedAnswered: false,
        category: 'out_of_scope',
        correct: false,
        confidence: 0.85,
      }),
    ]);
    expect(text).not.toContain('q001');
    expect(text).toContain('missing 「151,326」');
    expect(text).toContain('answer: 総数 150,000人');
    expect(text).toContain('answered out-of-scope question (confidence 0.85)');
  });

  it('says so when nothing failed', () => {
    expect(formatFailures([score({})])).toBe('no failures');
  });
});
