// Properties of the cleanup on arbitrary extraction-like text: it never throws and never drops a number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPassages } from '../../src/corpus/passages.ts';

// Characters that make the cleanup rules fire: markers, spaces, tabs, blank lines, kana and kanji.
const PIECES = [
  ...'あいうえおかきくけこ市民協働推進課画長期滞在者数アイウエオ①②③【】（）()・、。：-*^{}[]※〒',
  '1',
  '2',
  '10',
  '2,364',
  '令和7年',
  ' ',
  '\u3000',
  '\t',
  '\n',
  '\n\n',
  '- ',
  '第6編 ',
  '(1) ',
  'ア ',
  '1-1 ',
  '電話 ',
];
const extractionText = fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 300 });
const doc = (body: string) => ({
  meta: { id: 'prop', title: '性質', municipality: '釧路市', source: 'prop.txt' },
  body,
});

describe('toPassages on arbitrary extraction-like text', () => {
  it('never throws and numbers passages in order', () => {
    fc.assert(
      fc.property(extractionText, (body) => {
        const passages = toPassages(doc(body));
        expect(passages.map((p) => p.ordinal)).toEqual(passages.map((_, i) => i));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every run of digits', () => {
    fc.assert(
      fc.property(extractionText, (body) => {
        const out = toPassages(doc(body))
          .flatMap((p) => [...p.headingPath, p.text])
          .join('\n');
        for (const digits of body.match(/\d+/g) ?? []) expect(out).toContain(digits);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every kana and kanji as often as the source has it', () => {
    const letters = (text: string) => {
      const counts = new Map<string, number>();
      for (const ch of text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      return counts;
    };
    fc.assert(
      fc.property(extractionText, (body) => {
        const out = letters(
          toPassages(doc(body))
            .flatMap((p) => [...p.headingPath, p.text])
            .join('\n'),
        );
        for (const [ch, n] of letters(body)) expect(out.get(ch) ?? 0, ch).toBeGreaterThanOrEqual(n);
      }),
      { numRuns: 400 },
    );
  });
});
