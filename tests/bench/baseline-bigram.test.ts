import { describe, expect, it } from 'vitest';
import { buildBigramBaseline, characterBigrams } from '../../bench/baseline-bigram.ts';
import type { Passage } from '../../src/qa/types.ts';

const passage = (id: string, text: string): Passage => ({
  id: `${id}#0`,
  docId: id,
  ordinal: 0,
  title: id,
  municipality: '釧路市',
  headingPath: [],
  kind: 'text',
  text,
});

describe('bigram baseline', () => {
  it('cuts text into overlapping character pairs, never across punctuation', () => {
    expect(characterBigrams('法律相談、無料')).toEqual(['法律', '律相', '相談', '無料']);
    expect(characterBigrams('Ａ')).toEqual(['a']);
  });

  it('answers with the passage sharing the most bigrams and declines when none matches', () => {
    const baseline = buildBigramBaseline([
      passage('law', '無料法律相談は毎月第2水曜日です。'),
      passage('garbage', 'ごみの収集日は地区ごとに異なります。'),
    ]);
    const hit = baseline.ask('法律相談はいつ？');
    expect(hit.answered).toBe(true);
    expect(hit.sources[0]?.docId).toBe('law');
    expect(baseline.ask('xyz').answered).toBe(false);
  });
});
