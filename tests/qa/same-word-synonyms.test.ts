import { describe, expect, it } from 'vitest';
import { type SynonymItem, sameWordSynonyms } from '../../src/qa/same-word-synonyms.ts';

const item = (midashi: string, vocabularyNumber: number | null, expandControl = 0): SynonymItem => ({
  taigenYogen: '体言',
  expandControl,
  vocabularyNumber,
  midashi,
});

const weather = {
  items: [
    item('天気', 1),
    item('天候', 2),
    item('気候', 4),
    item('ウエザー', 6),
    item('ウェザー', 6),
    item('weather', 6),
  ],
};

describe('sameWordSynonyms', () => {
  it('maps another spelling of a corpus word to it', () => {
    const targets = sameWordSynonyms([weather], (w) => w === 'ウエザー', new Set(), 2);
    expect([...(targets.get('ウェザー') ?? [])]).toEqual(['ウエザー']);
    expect([...(targets.get('weather') ?? [])]).toEqual(['ウエザー']);
  });

  it('does not map a neighbouring meaning to the corpus word (天気 is not 気候)', () => {
    const targets = sameWordSynonyms([weather], (w) => w === '気候', new Set(), 2);
    expect(targets.has('天気')).toBe(false);
    expect(targets.size).toBe(0);
  });

  it('skips items without a vocabulary number and those Sudachi marks never to expand', () => {
    const group = { items: [item('市役所', 1), item('市庁', 1, 2), item('役場', null)] };
    expect(sameWordSynonyms([group], (w) => w === '市役所', new Set(), 2).size).toBe(0);
  });
});
