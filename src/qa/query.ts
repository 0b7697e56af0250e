// A question -> weighted search terms: kana spelled back to the corpus's words, synonyms, homophone typos.

import type { Analyzer } from './analyzer.ts';
import {
  foldLongVowel,
  hiraganaToKatakana,
  isHiragana,
  joinCjkSpaces,
  katakanaToHiragana,
  normalizeText,
} from './normalize.ts';
import { okuriganaVariants } from './okurigana.ts';

/** What the corpus knows: how often each term occurs and how its words are read. */
export interface Vocabulary {
  df: Map<string, number>;
  /** Katakana reading -> the corpus's most frequent spelling. */
  spellings: Map<string, string>;
  /** The same, keyed by the reading's skeleton (no voicing marks, small kana or ー): ステイメンバーズ meets ステイメンバース. */
  looseSpellings: Map<string, string>;
  documentCount: number;
}

export type TermOrigin = 'question' | 'kana' | 'synonym' | 'reading';

export interface QueryTerm {
  term: string;
  weight: number;
  origin: TermOrigin;
  /** Joined adjacent nouns: extra precision, never a reason to decline. */
  compound: boolean;
  /** Part of speech of the word (名詞, 動詞 ...); '年' for a normalized year. */
  pos: string;
  /** A suffix noun or a piece of a user term (市, 人口 in つながり人口): never the topic itself. */
  part: boolean;
  /** The name of the city the question is scoped to: it ranks, but a passage need not repeat it. */
  scope?: boolean;
}

export interface QueryAnalysis {
  /** The question after normalization and kana rewriting: what the tokenizer saw. */
  rewritten: string;
  terms: QueryTerm[];
  /** Content terms the corpus has never seen. */
  unknown: string[];
  /** `general`: from the generated everyday-word list, a weaker guess than the staff's own synonyms. */
  synonymsApplied: Array<{ from: string; to: string[]; general?: boolean }>;
  /** Unknown words replaced by the corpus's word with the same reading (総談 -> 相談). */
  corrections: Array<{ from: string; to: string }>;
  /** The thing asked about (人口 in 釧路市の人口は何人？) and the words that may stand for it. */
  focus: string[];
}

/** Readings shorter than this are too ambiguous to rewrite kana into kanji. */
const MIN_READING_LENGTH = 3;
/** Readings kept for spelling back a kana word the resident typed alone (ねこ → 猫). */
const MIN_SPELLED_READING = 2;
const KANA_RUN_MIN_LENGTH = 2;
const MIN_READING_AFTER_KANJI = 4;
/** A reading matched only up to voicing and small kana is a guess: longer words only, at a higher cost. */
const MIN_LOOSE_READING = 5;
const LOOSE_MATCH_COST = 0.4;
const UNMATCHED_CHAR_COST = 1;
const READING_MATCH_COST = 0.2;
const FUNCTION_WORD_COST = 0.05;
/** Per kana a word's reading spans: breaks ties only, far below any other cost. */
const LONGER_READING_CREDIT = 0.001;
/** Synonyms and corrections are guesses: they count less than the resident's own words. */
const SYNONYM_WEIGHT = 0.8;
const READING_FIX_WEIGHT = 0.8;
const GENERAL_SYNONYM_WEIGHT = 0.6;

/** Particles, endings and question words a kana-only question is made of besides content words. */
const FUNCTION_WORDS = [
  'は',
  'が',
  'の',
  'を',
  'に',
  'で',
  'と',
  'も',
  'へ',
  'や',
  'か',
  'よ',
  'ね',
  'な',
  'って',
  'です',
  'ですか',
  'ます',
  'ますか',
  'でしょう',
  'でしょうか',
  'いつ',
  'なに',
  'なん',
  'どこ',
  'どう',
  'どれ',
  'だれ',
  'どんな',
  'どの',
  'いくつ',
  'いくら',
  'なんようび',
  'なんじ',
  'なんにち',
  'なんにん',
  'なんまい',
  'ある',
  'あり',
  'あります',
  'いる',
  'する',
  'したい',
  'しりたい',
  'おしえて',
  'ください',
  'から',
  'まで',
  'こと',
  'について',
  'して',
  'している',
  'しています',
  'します',
  'した',
  'ました',
  'ません',
  'ている',
  'ています',
  'ていますか',
  'てる',
  'られる',
  'れる',
  'たい',
  'ない',
  'なら',
  'だけ',
  'ので',
  'けど',
  'ください',
  'くれ',
  'ほしい',
  'いい',
  // Colloquial endings and particles a resident types in kana (でんわすればいい, がっそうぼっていきてる): read as
  // words, they would spell 忘れる or 定期 across the boundary.
  'すれば',
  'れば',
  'したら',
  'しても',
  'って',
  'ってる',
  'っていう',
  'ちゃった',
  'ちゃう',
  'くらい',
  'ぐらい',
  'ごろ',
  'とか',
  'かな',
].map(hiraganaToKatakana);
const FUNCTION_WORD_SET = new Set(FUNCTION_WORDS);
const MAX_FUNCTION_WORD_LENGTH = Math.max(...FUNCTION_WORDS.map((w) => w.length));

export function buildVocabulary(
  documents: Array<{ terms: string[]; spelled: Array<[string, string]> }>,
): Vocabulary {
  const df = new Map<string, number>();
  const spellingCounts = new Map<string, Map<string, number>>();
  for (const doc of documents) {
    for (const term of new Set(doc.terms)) df.set(term, (df.get(term) ?? 0) + 1);
    for (const [term, spelledReading] of doc.spelled) {
      if (spelledReading.length < MIN_SPELLED_READING || !/^[\u30a1-\u30faー]+$/.test(spelledReading))
        continue;
      const reading = foldYotsugana(spelledReading);
      const counts = spellingCounts.get(reading) ?? new Map<string, number>();
      counts.set(term, (counts.get(term) ?? 0) + 1);
      spellingCounts.set(reading, counts);
    }
  }
  const spellings = new Map<string, string>();
  for (const [reading, counts] of spellingCounts) {
    const best = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
    if (best) spellings.set(reading, best[0]);
  }
  const looseSpellings = new Map<string, string>();
  for (const [reading, spelling] of spellings) {
    const key = katakanaSkeleton(reading);
    if (key.length >= MIN_READING_LENGTH && !looseSpellings.has(key)) looseSpellings.set(key, spelling);
  }
  return { df, spellings, looseSpellings, documentCount: documents.length };
}

/** Rewrites runs of hiragana into the corpus's spelling where the readings fit (ほうりつそうだん -> 法律相談). */
export function rewriteKana(text: string, vocabulary: Vocabulary, keep: readonly string[] = []): string {
  const maxReading = 24;
  // Words the dictionary spells in kana (まち・ひと・しごと創生) stay as they are.
  const kept: Array<[number, number]> = [];
  for (const word of keep) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1))
      kept.push([at, at + word.length]);
  }
  return text.replace(/[\u3041-\u309fー]+/g, (run, offset: number) => {
    if (run.length < KANA_RUN_MIN_LENGTH) return run;
    if (kept.some(([from, to]) => offset < to && offset + run.length > from)) return run;
    // Kana right after a kanji is usually its ending (している after 連携): rewrite only on strong evidence.
    const minMatch = /[\p{Script=Han}]/u.test(text[offset - 1] ?? '')
      ? MIN_READING_AFTER_KANJI
      : MIN_READING_LENGTH;
    const kana = foldYotsugana(hiraganaToKatakana(run));
    const n = kana.length;
    const cost = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    const back = new Array<{ from: number; out: string }>(n + 1);
    cost[0] = 0;
    for (let i = 0; i < n; i++) {
      const here = cost[i] ?? Number.POSITIVE_INFINITY;
      if (here === Number.POSITIVE_INFINITY) continue;
      const relax = (j: number, c: number, out: string) => {
        if (here + c < (cost[j] ?? Number.POSITIVE_INFINITY)) {
          cost[j] = here + c;
          back[j] = { from: i, out };
        }
      };
      relax(i + 1, UNMATCHED_CHAR_COST, run.slice(i, i + 1));
      for (let j = i + 1; j <= Math.min(n, i + MAX_FUNCTION_WORD_LENGTH); j++) {
        if (FUNCTION_WORD_SET.has(kana.slice(i, j))) relax(j, FUNCTION_WORD_COST, run.slice(i, j));
      }
      for (let j = i + minMatch; j <= Math.min(n, i + maxReading); j++) {
        const spelling = vocabulary.spellings.get(kana.slice(i, j));
        // Of two readings that cost the same, the one spelling more of the kana as a word (対象|に|なる, not
        // たい|小児|なる) is the resident's.
        if (spelling) relax(j, READING_MATCH_COST - LONGER_READING_CREDIT * (j - i), spelling);
        const loose =
          j - i >= MIN_LOOSE_READING
            ? vocabulary.looseSpellings.get(katakanaSkeleton(kana.slice(i, j)))
            : undefined;
        if (loose) relax(j, LOOSE_MATCH_COST, loose);
      }
    }
    const parts: string[] = [];
    for (let j = n; j > 0; ) {
      const step = back[j];
      if (!step) return run;
      parts.unshift(step.out);
      j = step.from;
    }
    return parts.join('');
  });
}

/**
 * ヅ and ヂ read as ズ and ジ: the dictionary reads 骨髄 コツヅイ where a resident types こつずい, as today's
 * spelling writes it. Readings are compared folded on both sides.
 */
export function foldYotsugana(reading: string): string {
  return reading.replace(/ヅ/g, 'ズ').replace(/ヂ/g, 'ジ');
}

/** Katakana spelling variants a typist confuses: voiced marks, small kana, ー. */
function katakanaSkeleton(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u3099\u309a]/g, '')
    .replace(/[ァィゥェォッャュョヮ]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 1))
    .replace(/ー/g, '');
}

function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** The e-row kana of a potential verb's ending and the u-row kana of its plain form (使える → 使う). */
const POTENTIAL_TO_PLAIN: Record<string, string> = {
  え: 'う',
  け: 'く',
  げ: 'ぐ',
  せ: 'す',
  て: 'つ',
  ね: 'ぬ',
  べ: 'ぶ',
  め: 'む',
  れ: 'る',
};

/**
 * The plain verb a potential form the corpus never uses stands for (使える → 使う, 申し込める → 申し込む,
 * 引き落とせる → 引き落とす): a resident asks whether they can, the page says what is done.
 */
function plainVerbOf(term: QueryTerm, vocabulary: Vocabulary): string | undefined {
  if (term.pos !== '動詞' || !term.term.endsWith('る') || term.term.length < 3) return undefined;
  const plain = POTENTIAL_TO_PLAIN[term.term.at(-2) ?? ''];
  const base = plain ? `${term.term.slice(0, -2)}${plain}` : undefined;
  return base && vocabulary.df.has(base) ? base : undefined;
}

/** Minimum length of a katakana word worth correcting: shorter ones have too many neighbours. */
const MIN_FUZZY_KATAKANA = 3;

const katakanaWordCache = new WeakMap<
  Vocabulary['df'],
  Array<{ word: string; df: number; skeleton: string }>
>();

/** The vocabulary's katakana words with their skeletons, in its order: scanning every word per question grew with the corpus. */
function katakanaWords(vocabulary: Vocabulary): Array<{ word: string; df: number; skeleton: string }> {
  let words = katakanaWordCache.get(vocabulary.df);
  if (!words) {
    words = [...vocabulary.df]
      .filter(([word]) => /^[\u30a1-\u30faー]+$/.test(word))
      .map(([word, df]) => ({ word, df, skeleton: katakanaSkeleton(word) }));
    katakanaWordCache.set(vocabulary.df, words);
  }
  return words;
}

/**
 * The corpus's katakana word an unknown one stands for: the word it begins (インフル -> インフルエンザ), else the one
 * a keystroke away (プラサ -> プラザ, フエア -> フェア).
 */
export function nearestKatakana(
  term: string,
  vocabulary: Vocabulary,
  /** A word of the tokenizer's dictionary (コープ) is no typo of another a keystroke away (コーナ). */
  dictionaryWord = false,
): string | undefined {
  if (term.length < MIN_FUZZY_KATAKANA || !/^[\u30a1-\u30faー]+$/.test(term)) return undefined;
  const skeleton = katakanaSkeleton(term);
  let best: { word: string; df: number } | undefined;
  let shortened: { word: string; df: number } | undefined;
  for (const { word, df, skeleton: other } of katakanaWords(vocabulary)) {
    // A katakana word cut short is its head (インフル for インフルエンザ, コンビニ for コンビニエンスストア).
    if (word.length > term.length && word.startsWith(term) && (!shortened || df > shortened.df))
      shortened = { word, df };
    if (dictionaryWord || Math.abs(word.length - term.length) > 2) continue;
    if (other !== skeleton && !editDistanceAtMost1(other, skeleton)) continue;
    if (!best || df > best.df) best = { word, df };
  }
  return (shortened ?? best)?.word;
}

function insideUserTerm(word: string, text: string, analyzer: Analyzer): boolean {
  return analyzer.dictionaries.userTerms.some(
    (t) =>
      t.term !== word &&
      t.term.includes(word) &&
      text.includes(t.term) &&
      !text.replace(t.term, '').includes(word),
  );
}

const kanaTermCache = new WeakMap<Analyzer, string[]>();

function kanaTerms(analyzer: Analyzer): string[] {
  let terms = kanaTermCache.get(analyzer);
  if (!terms) {
    // Mixed spellings only (まち・ひと・しごと創生): an all-kana term may still be part of a longer word's reading.
    terms = analyzer.dictionaries.userTerms
      .map((t) => t.term)
      .filter((t) => /[\u3041-\u309f]/.test(t) && /[^\u3041-\u309fー]/.test(t));
    kanaTermCache.set(analyzer, terms);
  }
  return terms;
}

/** The topic particle って after a noun (入館料って, 観察会って), which the tokenizer reads as a verb (料る, 会う). */
const COLLOQUIAL_TOPIC = /(?<=[\p{Script=Han}\p{Script=Katakana}ー])って/gu;

/** A run of kanji or katakana (法律総談) read back as the corpus spells its reading (法律相談), or null. */
function respelledRun(
  run: string,
  analyzer: Analyzer,
  vocabulary: Vocabulary,
): { from: string; to: string } | null {
  const parts = analyzer.queryTerms(run).filter((t) => !t.compound);
  // Whole words (歯医者, 公立|大学) are no typo, whatever the corpus spells with their reading (廃車, 効率): a typo
  // leaves a kanji the tokenizer cannot join to a word (法律|総|談, 医|寮).
  if (parts.length > 0 && parts.every((t) => t.term.length >= 2)) return null;
  const respelled = rewriteKana(katakanaToHiragana(analyzer.readingOf(run)), vocabulary);
  if (respelled === run || /[\u3041-\u309f]/.test(respelled)) return null;
  // Known pieces (東京|事務|書) may still spell a typo of a known word (東京事務所).
  if (parts.every((t) => vocabulary.df.has(t.term)) && !vocabulary.df.has(respelled)) return null;
  // A reading spelled back as single characters (きゅうりょう → 級令) is no word of the corpus.
  const respelledTerms = analyzer.queryTerms(respelled);
  if (!vocabulary.df.has(respelled) && respelledTerms.some((t) => !t.compound && t.term.length < 2))
    return null;
  return { from: run, to: respelled };
}

/** Shorter runs have too many neighbours one kanji away (献結: 献血, 献花, 完結 …). */
const MIN_ONE_OFF_CHARS = 3;

const kanjiWordsCache = new WeakMap<Vocabulary['df'], Map<number, string[]>>();

/** The vocabulary's all-kanji words by length, built once per vocabulary. */
function kanjiWordsOfLength(vocabulary: Vocabulary, length: number): string[] {
  let byLength = kanjiWordsCache.get(vocabulary.df);
  if (!byLength) {
    byLength = new Map();
    for (const word of vocabulary.df.keys()) {
      const n = [...word].length;
      if (n < MIN_ONE_OFF_CHARS || !/^\p{Script=Han}+$/u.test(word)) continue;
      const list = byLength.get(n) ?? [];
      list.push(word);
      byLength.set(n, list);
    }
    kanjiWordsCache.set(vocabulary.df, byLength);
  }
  return byLength.get(length) ?? [];
}

/**
 * A word typed with one wrong kanji, as a phone's input method converts a reading (免虚返納 for 免許返納, 公園緑値課 for
 * 公園緑地課, 納付有予 for 納付猶予): the one word of the corpus the same length that differs in one kanji only, where
 * the tokenizer found no word (免|虚: two lone kanji side by side). The tokenizer reads a lone kanji by another
 * reading (虚 as ウロ), so reading it back cannot find it. Words it knows (札幌|市, 発行|部数) are no typo, only words
 * the corpus lacks.
 */
function oneKanjiOff(
  run: string,
  /** The run's last kanji may be a verb's stem (kana follow it): never the wrong one. */
  stemLast: boolean,
  analyzer: Analyzer,
  vocabulary: Vocabulary,
): { from: string; to: string } | null {
  const chars = [...run];
  // 何 asks (令和何年 is no typo of 令和元年).
  if (chars.length < MIN_ONE_OFF_CHARS || !/^\p{Script=Han}+$/u.test(run) || run.includes('何')) return null;
  // Where two lone kanji stand side by side, one of them may be the wrong one.
  const loose = new Set<number>();
  let at = 0;
  const pieces = analyzer.tokens(run).map((t) => [...t.surface].length);
  pieces.forEach((length, i) => {
    if (length === 1 && (pieces[i - 1] === 1 || pieces[i + 1] === 1)) loose.add(at);
    at += length;
  });
  if (stemLast) loose.delete(chars.length - 1);
  if (loose.size === 0) return null;
  const near = kanjiWordsOfLength(vocabulary, chars.length).filter((word) => {
    let differ = -1;
    let i = 0;
    for (const ch of word) {
      if (ch !== chars[i]) {
        if (differ >= 0) return false;
        differ = i;
      }
      i++;
    }
    return differ >= 0 && loose.has(differ);
  });
  const [only] = near;
  return near.length === 1 && only !== undefined ? { from: run, to: only } : null;
}

/**
 * The two kanji of a longer word that were typed wrong (医寮 in 後期高齢者医寮, 保検 in 国民健康保検税): the tokenizer
 * cuts such a pair into single characters, and the corpus's word read the same (医療, 保険) is what was meant. The
 * whole run cannot be read back (its known words respell into single characters); the pair can.
 */
function misspelledPair(
  run: string,
  analyzer: Analyzer,
  vocabulary: Vocabulary,
): { from: string; to: string } | null {
  const pieces = analyzer.tokens(run).map((t) => t.surface);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const [a = '', b = ''] = [pieces[i], pieces[i + 1]];
    const pair = a + b;
    if ((a.length !== 1 && b.length !== 1) || pair.length !== 2 || vocabulary.df.has(pair)) continue;
    if (!/^\p{Script=Han}{2}$/u.test(pair)) continue;
    const to = rewriteKana(katakanaToHiragana(analyzer.readingOf(pair)), vocabulary);
    if (to !== pair && /^\p{Script=Han}{2}$/u.test(to) && vocabulary.df.has(to)) return { from: pair, to };
  }
  return null;
}

const FIGURE_OR_ERA = /^(\d|令和|平成|昭和)/;
/** The unit of a figure the question states (cc in 50cc, ミリ in 13ミリ): it names no topic. */
function countsFigure(term: string, text: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (!/\d/.test(text[at - 1] ?? '')) return false;
  }
  return text.includes(term);
}

/** お金 in お金かかる？ asks for an amount and names no topic: the thing that costs it does (登録, 電気柵). */
const MONEY_WORD = 'お金';
/**
 * A word that places the question in time relative to now or says how often (今年, 毎月, 来年度, 現在): it qualifies
 * what is asked (児童手当は毎月いくら？ 申請は今年はいつまで？) and names no topic a passage must hold.
 */
const WHEN_WORD = /^(今|本|来|再来|去|昨|先|毎|次|前|当)(年度?|月|週|日|回)$|^(今|現在|最近)$/;

/**
 * って read as は where that leaves the corpus fewer unknown words: 入館料って → 入館料は, but 持って行く stays,
 * because 持つ is a word the corpus knows and 持は is not.
 */
export function readTopicParticle(text: string, analyzer: Analyzer, vocabulary: Vocabulary): string {
  if (!COLLOQUIAL_TOPIC.test(text)) return text;
  const unknown = (t: string) =>
    analyzer.queryTerms(t).filter((q) => !q.compound && !vocabulary.df.has(q.term)).length;
  const asTopic = text.replace(COLLOQUIAL_TOPIC, 'は');
  return unknown(asTopic) < unknown(text) ? asTopic : text;
}

/**
 * Where a resident typing kana set words apart with a space (ほうりつそうだん おかね かかるの), the space is the
 * only word boundary there is: kept as a mark no word holds, so neither the kana reading (じょせい) nor a compound
 * (法律相談お金) runs across it. Spaces between kanji or katakana are joined as before (PDF text, 釧路市 人口).
 */
const TYPED_SPACE = '|';

function markTypedSpaces(text: string): string {
  const plain = text.replaceAll(TYPED_SPACE, ' ');
  return plain.replace(/([^\p{ASCII}])[ \u3000]+(?=[^\p{ASCII}])/gu, (whole, before: string, at: number) => {
    const after = plain.charAt(at + whole.length);
    return isHiragana(before) || isHiragana(after) ? `${before}${TYPED_SPACE}` : whole;
  });
}

export function analyzeQuery(
  question: string,
  analyzer: Analyzer,
  vocabulary: Vocabulary,
  municipalityWord: (term: string) => boolean = () => false,
): QueryAnalysis {
  const normalized = readTopicParticle(
    joinCjkSpaces(markTypedSpaces(normalizeText(question))),
    analyzer,
    vocabulary,
  );
  // Tokenized with the resident's word boundaries; read (kinds, synonyms, phrasing) without them.
  const bounded = rewriteKana(normalized, vocabulary, kanaTerms(analyzer));
  const rewritten = bounded.replaceAll(TYPED_SPACE, '');
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (
    term: string,
    weight: number,
    origin: TermOrigin,
    compound = false,
    pos = '名詞',
    part = false,
  ) => {
    const existing = terms.find((t) => t.term === term);
    // A normalized year (1950年) is a word of its own even where the tokens also form a compound.
    if (existing && !compound) existing.compound = false;
    if (seen.has(term)) return;
    seen.add(term);
    terms.push({ term, weight, origin, compound, pos, part });
  };
  for (const { term, compound, pos, part } of analyzer.queryTerms(bounded)) {
    add(term, 1, bounded === normalized ? 'question' : 'kana', compound, pos, part);
  }

  const synonymsApplied: QueryAnalysis['synonymsApplied'] = [];
  // わーほり finds the rule for ワーホリ: kana script does not matter.
  const inKana = hiraganaToKatakana(normalized);
  for (const rule of analyzer.dictionaries.synonyms) {
    // A word inside a longer dictionary term (人口 in つながり人口) is not the resident's word.
    const hit = rule.from
      .filter(
        (w) =>
          (inKana.includes(hiraganaToKatakana(w)) || rewritten.includes(w)) &&
          !insideUserTerm(w, rewritten, analyzer),
      )
      .sort((a, b) => b.length - a.length)[0];
    if (!hit) continue;
    const to = rule.to.filter((w) => w !== hit);
    if (to.length === 0) continue;
    synonymsApplied.push({ from: hit, to });
    for (const target of to) {
      for (const { term, compound, pos, part } of analyzer.queryTerms(target)) {
        add(term, SYNONYM_WEIGHT, 'synonym', compound, pos, part);
      }
      add(foldLongVowel(target), SYNONYM_WEIGHT, 'synonym');
    }
  }

  for (const t of [...terms]) {
    if (t.origin === 'synonym' || t.compound || vocabulary.df.has(t.term)) continue;
    const to = analyzer.dictionaries.generalSynonyms.get(t.term);
    if (!to) continue;
    synonymsApplied.push({ from: t.term, to, general: true });
    for (const target of to) add(target, GENERAL_SYNONYM_WEIGHT, 'synonym');
  }

  // A word typed with the wrong kanji usually keeps its reading: 法律総談 is read as 法律相談.
  const corrections: QueryAnalysis['corrections'] = [];
  for (const { 0: run, index = 0 } of rewritten.matchAll(/[\p{Script=Han}\p{Script=Katakana}ー]{2,}/gu)) {
    if (vocabulary.df.has(run)) continue;
    // A kanji before kana may be a verb's stem (返 of 返ってくる), not part of the word.
    const stemLast = isHiragana(rewritten.charAt(index + run.length));
    const fix =
      respelledRun(run, analyzer, vocabulary) ??
      misspelledPair(run, analyzer, vocabulary) ??
      oneKanjiOff(run, stemLast, analyzer, vocabulary);
    if (!fix) continue;
    corrections.push(fix);
    for (const { term, compound, pos, part } of analyzer.queryTerms(run.replace(fix.from, fix.to))) {
      add(term, READING_FIX_WEIGHT, 'reading', compound, pos, part);
    }
  }
  for (const t of [...terms]) {
    if (t.origin === 'synonym' || t.origin === 'reading' || vocabulary.df.has(t.term)) continue;
    // A short noun in kana the rewrite left alone (ねこ in ねこのしゅじゅつ): the corpus's word read so.
    const spelled =
      isHiragana(t.term) && t.pos === '名詞'
        ? vocabulary.spellings.get(foldYotsugana(hiraganaToKatakana(t.term)))
        : undefined;
    const near =
      spelled ??
      plainVerbOf(t, vocabulary) ??
      nearestKatakana(t.term, vocabulary, analyzer.isDictionaryWord(t.term));
    if (!near) continue;
    corrections.push({ from: t.term, to: near });
    add(near, READING_FIX_WEIGHT, 'reading', false, t.pos, t.part);
  }
  // The page's spelling of the resident's word, with more or fewer kana (申し込む → 申込み, 振り込まれる → 振込).
  const respelled = new Set<string>();
  for (const t of [...terms]) {
    if (t.origin === 'synonym' || t.compound) continue;
    const to = okuriganaVariants(t.term, vocabulary, t.pos === '名詞');
    if (to.length === 0) continue;
    respelled.add(t.term);
    synonymsApplied.push({ from: t.term, to });
    for (const target of to) {
      for (const { term, compound, pos, part } of analyzer.queryTerms(target)) {
        if (term === target) add(term, SYNONYM_WEIGHT, 'synonym', compound, pos, part);
      }
    }
  }
  const corrected = (term: string) => corrections.some((c) => c.from.includes(term));
  const unknown = terms
    .filter((t) => t.origin !== 'synonym' && t.origin !== 'reading' && !t.compound)
    .filter((t) => !vocabulary.df.has(t.term) && !corrected(t.term) && !respelled.has(t.term))
    .map((t) => t.term);
  const topic = terms
    .filter((t) => (t.origin === 'question' || t.origin === 'kana') && !t.compound && !t.part)
    // One character (日, 数) is too little to be the topic.
    .filter(
      (t) =>
        t.pos === '名詞' &&
        t.term.length > 1 &&
        // A figure or a year (2025年, 50cc, 令和7年度) qualifies what is asked; the page may write it otherwise.
        !FIGURE_OR_ERA.test(t.term) &&
        !countsFigure(t.term, rewritten) &&
        !municipalityWord(t.term) &&
        !WHEN_WORD.test(t.term) &&
        t.term !== MONEY_WORD &&
        // A word in kana the corpus never uses (だめ in 食べちゃだめ？) judges; it names nothing a page holds.
        !(isHiragana(t.term) && !vocabulary.df.has(t.term)),
    )
    .at(-1)?.term;
  // The most specific name of the topic first: 取組期間 before 期間.
  const specific = terms
    .filter((t) => t.compound && topic !== undefined && t.term.endsWith(topic))
    .sort((a, b) => b.term.length - a.term.length)[0]?.term;
  const focus = topic
    ? [
        ...(specific ? [specific] : []),
        topic,
        ...synonymsApplied.filter((s) => s.from.includes(topic)).flatMap((s) => s.to),
        ...corrections.filter((c) => c.from.includes(topic)).map((c) => c.to),
      ]
    : [];
  return { rewritten, terms, unknown, synonymsApplied, corrections, focus };
}
