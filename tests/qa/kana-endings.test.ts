import { describe, expect, it } from 'vitest';
import { buildVocabulary, rewriteKana } from '../../src/qa/query.ts';

// A resident's kana (どこにでんわすればいい) holds colloquial endings; read as words of the corpus, they would
// spell a word across the boundary (でん|わすれ → 忘れる) instead of the one meant (でんわ → 電話).
describe('kana rewritten as the corpus spells it', () => {
  const vocabulary = buildVocabulary([
    {
      terms: ['電話', '忘れる', '相談'],
      spelled: [
        ['電話', 'デンワ'],
        ['忘れる', 'ワスレ'],
        ['相談', 'ソウダン'],
      ],
    },
  ]);

  it('keeps a colloquial ending apart from the word before it', () => {
    expect(rewriteKana('そうだんはどこにでんわすればいい', vocabulary)).toBe('相談はどこに電話すればいい');
  });
});

// たい is a colloquial ending too (行きたい); where reading it so ties with a longer word (たい|小児|なる against
// 対象|に|なる), the reading that spells more of the kana as a word is the resident's.
describe('kana whose readings tie', () => {
  const vocabulary = buildVocabulary([
    {
      terms: ['対象', '小児', '補助'],
      spelled: [
        ['対象', 'タイショウ'],
        ['小児', 'ショウニ'],
        ['補助', 'ホジョ'],
      ],
    },
  ]);

  it('are spelled with the longer word', () => {
    expect(rewriteKana('ほじょのたいしょうになる', vocabulary)).toBe('補助の対象になる');
  });
});
