import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedWording } from '../../src/qa/choose.ts';

/** The longest common run by the textbook table over both texts: what sharedWording must agree with. */
function byTable(question: string, text: string): number {
  const a = [...question];
  const b = [...text];
  const weight = (ch: string) => (/[\u3041-\u309f]/.test(ch) ? 0.25 : 1);
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) row[j] = (previous[j - 1] ?? 0) + weight(a[i - 1] ?? '');
      best = Math.max(best, row[j] ?? 0);
    }
    previous = row;
  }
  return best;
}

describe('shared wording', () => {
  it('weighs the longest run the question and the text share, a kana a quarter', () => {
    expect(
      sharedWording('3つの市民のライフステージとは', '本計画では市民のライフステージを3つに分けます'),
    ).toBe(9.25);
    expect(sharedWording('相談', 'まったく別の話')).toBe(0);
    // A character outside the basic plane counts once, as one character.
    expect(sharedWording('𠮷野家の場所', '𠮷野家は駅前')).toBe(3);
  });

  it('agrees with the full table on any texts', () => {
    const char = fc.constantFrom(...'のはが市民相談窓口時間あいう𠮷ー・1');
    const text = fc.array(char, { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (q, t) => sharedWording(q, t) === byTable(q, t)),
      { numRuns: 500 },
    );
  });
});
