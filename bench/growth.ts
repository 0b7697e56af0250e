// A larger corpus made from the real one, its copies as different as a city's 500 documents: each copy
// renames the city, shifts every number, drops some sentences, takes in sentences of other copies and
// swaps some nouns for other nouns of the corpus.

import { seededRandom as random } from '../scripts/soak.ts';
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
/** A sentence ends at 。！？ or a line break (table rows and list items are lines). */
const SENTENCE_END = /(?<=[。！？\n])/;

/** How different a copy is from its original; the figures. */
export const VARIATION = {
  /** Share of a passage's sentences a copy leaves out. */
  dropSentence: 0.2,
  /** Chance that another copy's sentence follows a kept sentence. */
  spliceSentence: 0.1,
  /** Share of nouns replaced by another noun of the corpus. */
  swapNoun: 0.15,
};

export interface Segment {
  text: string;
  noun: boolean;
}
/** Cuts a text into segments that join back to it, marking the nouns (the bench uses the tokenizer). */
export type Segmenter = (text: string) => Segment[];

interface PreparedText {
  /** Sentences, each cut into segments. */
  sentences: Segment[][];
}

interface PreparedPassage {
  passage: Passage;
  title: PreparedText;
  headings: PreparedText[];
  text: PreparedText;
}

export interface GrowthSource {
  passages: readonly PreparedPassage[];
  /** Every noun of the corpus (two characters or more, no numbers), sorted: what a swap draws from. */
  nouns: readonly string[];
}

function seedOf(text: string, copy: number): number {
  let h = 2166136261 ^ copy;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function prepareText(text: string, segment: Segmenter): PreparedText {
  return {
    sentences: text
      .split(SENTENCE_END)
      .filter((s) => s !== '')
      .map((sentence) => {
        const segments = segment(sentence);
        // A segmenter that does not give the sentence back is not trusted with its nouns.
        return segments.map((s) => s.text).join('') === sentence
          ? segments
          : [{ text: sentence, noun: false }];
      }),
  };
}

export function prepareGrowth(passages: readonly Passage[], segment: Segmenter): GrowthSource {
  const prepared = passages.map((passage) => ({
    passage,
    title: prepareText(passage.title, segment),
    headings: passage.headingPath.map((h) => prepareText(h, segment)),
    text: prepareText(passage.text, segment),
  }));
  const nouns = new Set<string>();
  for (const p of prepared)
    for (const t of [p.title, ...p.headings, p.text])
      for (const sentence of t.sentences)
        for (const s of sentence) if (s.noun && s.text.length >= 2 && !/\d/.test(s.text)) nouns.add(s.text);
  return { passages: prepared, nouns: [...nouns].sort() };
}

function cityOf(copy: number): string {
  return `${CITY_NAMES[copy % CITY_NAMES.length]}${copy >= CITY_NAMES.length ? Math.floor(copy / CITY_NAMES.length) : ''}`;
}

/** The copy's city for the real one's and its own numbers. */
function renamer(copy: number): (text: string) => string {
  const city = cityOf(copy);
  // Numbers first: the city of a later copy has a number of its own (帯広1).
  return (text) =>
    text
      .replace(NUMBER, (digits) => String((Number(digits) * (copy + 3) + copy) % 10 ** digits.length))
      .replace(REAL_CITY, city);
}

function joinSentence(sentence: readonly Segment[]): string {
  return sentence.map((s) => s.text).join('');
}

/** Deterministic: copy `copy` of a passage is the same on every run. Copy 0 is the real passage. */
export function variantOf(source: GrowthSource, index: number, copy: number): Passage {
  const own = source.passages[index];
  if (!own) throw new RangeError(`growth: no passage ${index}`);
  const { passage } = own;
  if (copy === 0) return passage;
  const next = random(seedOf(passage.id, copy));
  const rename = renamer(copy);
  const swapper =
    (draw: () => number) =>
    (sentence: readonly Segment[]): string =>
      sentence
        .map((s) =>
          s.noun && source.nouns.length > 0 && draw() < VARIATION.swapNoun
            ? (source.nouns[Math.floor(draw() * source.nouns.length)] ?? s.text)
            : s.text,
        )
        .join('');
  const swapped = swapper(next);
  // The document's title and a section's heading read the same in all of its passages.
  const rewrite = (t: PreparedText) => {
    const whole = t.sentences.map(joinSentence).join('');
    return rename(t.sentences.map(swapper(random(seedOf(`${passage.docId}\0${whole}`, copy)))).join(''));
  };
  /** A sentence of another copy of another passage, as that copy has it. */
  const spliced = (): string => {
    const other = source.passages[Math.floor(next() * source.passages.length)];
    const sentences = other?.text.sentences ?? [];
    const sentence = sentences[Math.floor(next() * sentences.length)];
    if (!sentence) return '';
    const text = joinSentence(sentence);
    return renamer(copy + 1 + Math.floor(next() * 97))(/[。！？\n]$/.test(text) ? text : `${text}。`);
  };
  const body: string[] = [];
  for (const sentence of own.text.sentences) {
    if (next() < VARIATION.dropSentence) continue;
    body.push(rename(swapped(sentence)));
    if (next() < VARIATION.spliceSentence) body.push(spliced());
  }
  // A passage keeps at least its first sentence: an empty one would not be a passage.
  if (body.length === 0) body.push(rename(swapped(own.text.sentences[0] ?? [])));
  return {
    ...passage,
    id: `${passage.docId}-x${copy}#${passage.ordinal}`,
    docId: `${passage.docId}-x${copy}`,
    municipality: `${cityOf(copy)}市`,
    title: rewrite(own.title),
    headingPath: own.headings.map(rewrite),
    text: body.join(''),
  };
}

/** The real passages followed by factor - 1 copies. */
export function multiplyCorpus(source: GrowthSource, factor: number): Passage[] {
  const out: Passage[] = [];
  for (let copy = 0; copy < factor; copy++)
    for (let i = 0; i < source.passages.length; i++) out.push(variantOf(source, i, copy));
  return out;
}
