// A larger corpus made from the real one: each copy renames the city and shifts every number.
import type { Passage } from '../src/qa/types.ts';

/** Other cities' names, so copies are different documents rather than exact duplicates. */
const CITY_NAMES = [
  '帯広',
  '北見',
  '根室',
  '網走',
  '函館',
  '旭川',
  '苫小牧',
  '室蘭',
  '小樽',
  '大船渡',
  '宮古',
  '久慈',
  '遠野',
  '花巻',
  '一関',
  '石巻',
  '気仙沼',
  '八戸',
  '弘前',
  '稚内',
] as const;
const REAL_CITY = /釧路|釜石/g;
const NUMBER = /\d+/g;

/** Deterministic: copy `copy` of a passage gets the same name and numbers on every run. */
export function variantOf(passage: Passage, copy: number): Passage {
  const city = `${CITY_NAMES[copy % CITY_NAMES.length]}${copy >= CITY_NAMES.length ? Math.floor(copy / CITY_NAMES.length) : ''}`;
  const rewrite = (text: string) =>
    text
      .replace(REAL_CITY, city)
      .replace(NUMBER, (digits) => String((Number(digits) * (copy + 3) + copy) % 10 ** digits.length));
  return {
    ...passage,
    id: `${passage.docId}-x${copy}#${passage.ordinal}`,
    docId: `${passage.docId}-x${copy}`,
    municipality: `${city}市`,
    title: rewrite(passage.title),
    headingPath: passage.headingPath.map(rewrite),
    text: rewrite(passage.text),
  };
}

/** The real passages followed by factor - 1 renamed copies. */
export function multiplyCorpus(passages: readonly Passage[], factor: number): Passage[] {
  const out = [...passages];
  for (let copy = 1; copy < factor; copy++) for (const p of passages) out.push(variantOf(p, copy));
  return out;
}
