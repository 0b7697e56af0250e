import { describe, expect, it } from 'vitest';
import { rewriteKana } from '../../src/qa/query.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// The dictionary reads 骨髄 コツヅイ and 鼻血 ハナヂ; residents type こつずい and はなじ, as today's spelling does.
describe('kana typed with ず and じ', () => {
  it('is spelled as the corpus spells the word the dictionary reads with づ or ぢ', async () => {
    const { index } = await fixtureEngine([
      section('donor', '骨髄ドナー助成金', 0, '', '骨髄バンクに登録したドナーの方に助成金を交付します。'),
    ]);
    expect(rewriteKana('こつずいの助成金', index.vocabulary)).toBe('骨髄の助成金');
  });
});
