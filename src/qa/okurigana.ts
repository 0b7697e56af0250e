// One word, written with more or fewer of its kana endings (okurigana): 申し込み, 申込み, 申込 and the verb 申し込む.
// Municipal pages mix them freely, and a resident writes the verb where the page writes the noun (振り込まれる /
// 振込日, 引き落とされる / 引落し日): without this, the page and the question share no word.

import type { Vocabulary } from './query.ts';

/** Kanji of a word with its kana taken out (申し込む → 申込): what all its okurigana spellings share. */
const KANA = /[\u3041-\u309f]/g;
const KANJI_ONLY = /^\p{Script=Han}+$/u;
/** A one-kanji skeleton (見る → 見, 子ども → 子) is shared by too many different words. */
const MIN_SKELETON_KANJI = 2;
/** Okurigana are a kana or two (申し込み, 振り替える); a longer run is a word of its own (世帯あたり, 受付ください). */
const LONGEST_OKURIGANA = /[\u3041-\u309f]{3}/;

/** The kanji skeleton of a word that okurigana may be added to or dropped from, else null. */
export function okuriganaSkeleton(word: string): string | null {
  // Kana only inside or after the kanji: a prefix (お知らせ, ご案内) is another matter.
  if (!/^\p{Script=Han}/u.test(word) || LONGEST_OKURIGANA.test(word)) return null;
  const skeleton = word.replace(KANA, '');
  return skeleton.length >= MIN_SKELETON_KANJI && KANJI_ONLY.test(skeleton) ? skeleton : null;
}

const bySkeleton = new WeakMap<Vocabulary['df'], Map<string, string[]>>();

function skeletonIndex(vocabulary: Vocabulary): Map<string, string[]> {
  let index = bySkeleton.get(vocabulary.df);
  if (!index) {
    index = new Map();
    for (const word of vocabulary.df.keys()) {
      const skeleton = okuriganaSkeleton(word);
      if (skeleton === null) continue;
      const words = index.get(skeleton);
      if (words) words.push(word);
      else index.set(skeleton, [word]);
    }
    bySkeleton.set(vocabulary.df, index);
  }
  return index;
}

/**
 * A noun's okurigana is one kana of the i- or e-row (申込み, 受付け); a verb ends in its u-row kana (申し込む,
 * 振り替える). Anything else is another word run on by the tokenizer: 釧路ら (釧路らしい), 年度ごと, 家庭ごみ.
 */
function endsAsOkurigana(word: string): boolean {
  const ending = /[\u3041-\u309f]+$/u.exec(word)?.[0] ?? '';
  return ending === '' || VERB_ENDING.test(word) || (ending.length === 1 && NOUN_ENDING.test(ending));
}
const NOUN_ENDING = /[いきぎしじちぢにひびぴみりえけげせぜてでねへべぺめれ]/;

/** A verb's dictionary form ends in a u-row kana (申し込む, 振り替える); its noun (申し込み) does not. */
const VERB_ENDING = /[うくぐすずつぬぶむる]$/;

/**
 * The corpus's other spellings of a word (申し込む → 申込み, 申込, 申し込み), most used first. A verb is met by its
 * noun (申し込む by 申込), since a resident asks what to do and the page names it; a noun keeps to nouns: 取り組み
 * (the initiatives asked about) is not 取り組む in any sentence saying a city works at something.
 */
export function okuriganaVariants(word: string, vocabulary: Vocabulary, noun = false): string[] {
  const skeleton = okuriganaSkeleton(word);
  if (skeleton === null) return [];
  return (skeletonIndex(vocabulary).get(skeleton) ?? [])
    .filter((w) => w !== word && !(noun && VERB_ENDING.test(w)) && endsAsOkurigana(w))
    .sort((a, b) => (vocabulary.df.get(b) ?? 0) - (vocabulary.df.get(a) ?? 0) || a.localeCompare(b));
}
