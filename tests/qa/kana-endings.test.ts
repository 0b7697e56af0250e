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
