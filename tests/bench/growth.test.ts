import { describe, expect, it } from 'vitest';
import { multiplyCorpus, prepareGrowth, type Segmenter, VARIATION, variantOf } from '../../bench/growth.ts';
import type { Passage } from '../../src/qa/types.ts';

/** Runs of kanji or katakana are nouns; every other character stands alone. */
const segment: Segmenter = (text) =>
  (text.match(/[\p{Script=Han}\p{Script=Katakana}ー]+|./gsu) ?? []).map((t) => ({
    text: t,
    noun: /^[\p{Script=Han}\p{Script=Katakana}]/u.test(t),
  }));

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

/** Forty sentences told apart by their second (hiragana) character, to count what a copy drops and swaps. */
const long: Passage = {
  ...passage,
  id: 'kushiro-long#1',
  docId: 'kushiro-long',
  ordinal: 1,
  text: Array.from({ length: 40 }, (_, i) => `あ${String.fromCodePoint(0x3041 + i)}は窓口です。`).join(''),
};
const other: Passage = {
  ...passage,
  id: 'kushiro-other#1',
  docId: 'kushiro-other',
  ordinal: 1,
  title: '釧路市ゴミ収集',
  headingPath: ['収集日'],
  text: '燃やすゴミは月曜日です。資源ゴミは水曜日です。',
};

describe('growth corpus', () => {
  const source = prepareGrowth([passage, long, other], segment);

  it('renames the city and changes the numbers in every copy', () => {
    for (let copy = 1; copy < 10; copy++) {
      const variant = variantOf(source, 0, copy);
      expect(variant.text).not.toContain('釧路');
      expect(variant.municipality).not.toBe('釧路市');
      expect(variant.text.match(/\d+/g)).not.toEqual(passage.text.match(/\d+/g));
    }
  });

  it('drops about a fifth of the sentences and takes in sentences of other copies', () => {
    let kept = 0;
    let spliced = 0;
    const copies = 50;
    for (let copy = 1; copy <= copies; copy++) {
      const sentences = variantOf(source, 1, copy)
        .text.split('。')
        .filter((s) => s !== '');
      kept += sentences.filter((s) => s.startsWith('あ')).length;
      spliced += sentences.filter((s) => !s.startsWith('あ')).length;
    }
    const keptShare = kept / (40 * copies);
    expect(keptShare).toBeGreaterThan(1 - VARIATION.dropSentence - 0.05);
    expect(keptShare).toBeLessThan(1 - VARIATION.dropSentence + 0.05);
    expect(spliced / kept).toBeGreaterThan(VARIATION.spliceSentence / 2);
    expect(spliced / kept).toBeLessThan(VARIATION.spliceSentence * 2);
  });

  it('swaps about 15% of the nouns for other nouns of the corpus', () => {
    let nouns = 0;
    let swapped = 0;
    for (let copy = 1; copy <= 50; copy++) {
      const variant = variantOf(source, 1, copy);
      const renamed = source.nouns.map((n) => n.replace('釧路', variant.municipality.slice(0, -1)));
      for (const sentence of variant.text.split('。')) {
        const match = /^あ(.)は(.+)です$/u.exec(sentence);
        if (!match) continue;
        nouns++;
        if (match[2] !== '窓口') {
          swapped++;
          expect(renamed).toContain(match[2]);
        }
      }
    }
    expect(swapped / nouns).toBeGreaterThan(VARIATION.swapNoun - 0.06);
    expect(swapped / nouns).toBeLessThan(VARIATION.swapNoun + 0.06);
  });

  it('gives all passages of a copied document the same title', () => {
    const second: Passage = { ...passage, id: 'kushiro-plan#4', ordinal: 4, text: '別の節です。' };
    const both = prepareGrowth([passage, second], segment);
    for (let copy = 1; copy < 20; copy++) {
      expect(variantOf(both, 0, copy).title).toBe(variantOf(both, 1, copy).title);
    }
  });

  it('makes the same copies on every run', () => {
    expect(variantOf(source, 1, 7)).toEqual(variantOf(prepareGrowth([passage, long, other], segment), 1, 7));
  });

  it('keeps the real passages first and gives every copy its own id and document', () => {
    const corpus = multiplyCorpus(source, 30);
    expect(corpus).toHaveLength(90);
    expect(corpus.slice(0, 3)).toEqual([passage, long, other]);
    expect(new Set(corpus.map((p) => p.id)).size).toBe(90);
    expect(new Set(corpus.map((p) => p.municipality)).size).toBe(30);
    expect(corpus.every((p) => p.text.length > 0)).toBe(true);
  });
});
