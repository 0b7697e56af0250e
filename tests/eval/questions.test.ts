import { describe, expect, it } from 'vitest';
import { expectedDocIds, parseQuestions, QuestionFileError } from '../../src/eval/questions.ts';

const good = {
  id: 'q001',
  question: '無料の法律相談はいつ？',
  category: 'schedule',
  variant: 'plain',
  municipality: '釧路市',
  expect: { answered: true, facts: ['金曜日'], docId: 'kushiro-a' },
};
const line = (value: unknown) => JSON.stringify(value);

function errorOf(fn: () => unknown): QuestionFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QuestionFileError) return error;
    throw error;
  }
  throw new Error('expected a QuestionFileError');
}

describe('parseQuestions', () => {
  it('reads one question per line and skips blank lines', () => {
    const text = `${line(good)}\n\n${line({ ...good, id: 'q002' })}\n`;
    expect(parseQuestions(text, 'set.jsonl').map((q) => q.id)).toEqual(['q001', 'q002']);
  });

  it('names file and line of invalid JSON', () => {
    const error = errorOf(() => parseQuestions(`${line(good)}\n{"id": `, 'set.jsonl'));
    expect(error.message).toMatch(/^set\.jsonl:2: invalid JSON/);
    expect(error.line).toBe(2);
  });

  it('names the field that fails validation', () => {
    const error = errorOf(() => parseQuestions(line({ ...good, variant: 'shouting' }), 'set.jsonl'));
    expect(error.message).toMatch(/^set\.jsonl:1: variant/);
  });

  it('rejects more than three facts', () => {
    const bad = { ...good, expect: { ...good.expect, facts: ['a', 'b', 'c', 'd'] } };
    expect(() => parseQuestions(line(bad), 'set.jsonl')).toThrow(/set\.jsonl:1: expect\.facts/);
  });

  it('rejects an answerable question without docId or source', () => {
    const bad = { ...good, expect: { answered: true, facts: ['金曜日'] } };
    expect(() => parseQuestions(line(bad), 'set.jsonl')).toThrow(/needs docId or source/);
  });

  it('rejects an out-of-scope question that expects an answer, and the reverse', () => {
    expect(() => parseQuestions(line({ ...good, category: 'out_of_scope' }), 'f')).toThrow(/out_of_scope/);
    expect(() => parseQuestions(line({ ...good, expect: { answered: false } }), 'f')).toThrow(/out_of_scope/);
  });

  it('rejects a duplicate id, naming the first line', () => {
    expect(() => parseQuestions(`${line(good)}\n${line(good)}`, 'set.jsonl')).toThrow(
      /set\.jsonl:2: duplicate id q001 \(first on line 1\)/,
    );
  });

  it('rejects an empty file', () => {
    expect(() => parseQuestions('\n', 'set.jsonl')).toThrow(/no questions/);
  });
});

describe('expectedDocIds', () => {
  it('joins docIds and sources mapped through the corpus headers', () => {
    const [q] = parseQuestions(
      line({
        ...good,
        expect: { answered: true, facts: ['x'], docId: ['a'], source: ['003.txt', '009.txt'] },
      }),
      'f',
    );
    if (!q) throw new Error('no question');
    expect(expectedDocIds(q, new Map([['003.txt', 'b']]))).toEqual(['a', 'b', '009.txt']);
  });

  it('is empty for a question that expects a decline', () => {
    const [q] = parseQuestions(line({ ...good, category: 'out_of_scope', expect: { answered: false } }), 'f');
    if (!q) throw new Error('no question');
    expect(expectedDocIds(q, new Map())).toEqual([]);
  });
});
