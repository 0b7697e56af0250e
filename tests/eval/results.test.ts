import { describe, expect, it } from 'vitest';
import { parseResults, resultLookup } from '../../src/eval/results.ts';

const result = {
  question: '無料の法律相談はいつ？',
  answered: true,
  answer: '金曜日のみ実施',
  confidence: 0.8,
  municipality: '釧路市',
  sources: [{ docId: 'a', title: 't', municipality: '釧路市', section: 's', excerpt: 'e', score: 1.5 }],
};

describe('parseResults', () => {
  it('reads results in the public contract', () => {
    const parsed = parseResults(`${JSON.stringify(result)}\n\n`, 'out.jsonl');
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.sources[0]?.docId).toBe('a');
  });

  it('names file, line and field of a result that breaks the contract', () => {
    const bad = JSON.stringify({ ...result, confidence: 'high' });
    expect(() => parseResults(`${JSON.stringify(result)}\n${bad}`, 'out.jsonl')).toThrow(
      /^out\.jsonl:2: confidence/,
    );
  });

  it('names the line of invalid JSON', () => {
    expect(() => parseResults('{', 'out.jsonl')).toThrow(/^out\.jsonl:1: invalid JSON/);
  });
});

describe('resultLookup', () => {
  it('finds a result by question text whatever its width or spacing', () => {
    const find = resultLookup(
      parseResults(JSON.stringify({ ...result, question: '令和７年 の人口は？' }), 'f'),
    );
    expect(find('令和7年の人口は？')?.answer).toBe('金曜日のみ実施');
    expect(find('別の質問')).toBeUndefined();
  });
});
