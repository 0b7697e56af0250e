import { describe, expect, it } from 'vitest';
import { multiplyCorpus, variantOf } from '../../bench/growth.ts';
import type { Passage } from '../../src/qa/types.ts';

const passage: Passage = {
  id: 'kushiro-plan#3',
  docId: 'kushiro-plan',
  ordinal: 3,
  title: '釧路市まちづくり基本構想',
  municipality: '釧路市',
  headingPath: ['第2章', '計画期間'],
  kind: 'text',
  text: '釧路市の計画期間は平成30年度から令和9年度までの10年間です。人口は151326人。',
};

describe('growth corpus', () => {
  it('renames the city and changes the numbers in every copy', () => {
    const copy = variantOf(passage, 1);
    expect(copy.text).not.toContain('釧路');
    expect(copy.municipality).not.toBe('釧路市');
    expect(copy.text.match(/\d+/g)).not.toEqual(passage.text.match(/\d+/g));
    expect(copy.text.replace(/\d+/g, '#').replace(copy.municipality.slice(0, -1), '@')).toBe(
      passage.text.replace(/\d+/g, '#').replace('釧路', '@'),
    );
  });

  it('makes the same copies on every run', () => {
    expect(variantOf(passage, 7)).toEqual(variantOf(passage, 7));
  });

  it('keeps the real passages first and gives every copy its own id and document', () => {
    const corpus = multiplyCorpus([passage, { ...passage, id: 'kushiro-plan#4', ordinal: 4 }], 30);
    expect(corpus).toHaveLength(60);
    expect(corpus.slice(0, 2).map((p) => p.id)).toEqual(['kushiro-plan#3', 'kushiro-plan#4']);
    expect(new Set(corpus.map((p) => p.id)).size).toBe(60);
    expect(new Set(corpus.map((p) => p.municipality)).size).toBe(30);
  });
});
