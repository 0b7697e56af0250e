// Japanese text -> search terms: normalization, user terms, kuromoji base forms, POS filter, readings.

import type { Dictionaries, UserTerm } from './dictionaries.ts';
import {
  foldLongVowel,
  hiraganaToKatakana,
  isHiragana,
  joinCjkSpaces,
  katakanaToHiragana,
  normalizeText,
} from './normalize.ts';

/** The part of kuromoji's token the analyzer reads. */
export interface RawToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  basic_form: string;
  reading?: string | undefined;
  /** KNOWN for a word of the tokenizer's dictionary, UNKNOWN for a run it guessed (インフル, ケアマネ). */
  word_type?: string | undefined;
}

export interface Tokenizer {
  tokenize(text: string): RawToken[];
}

export interface Token {
  surface: string;
  base: string;
  reading: string;
  pos: string;
  posDetail: string;
  /** Matched a line of dictionaries/user-terms.tsv. */
  userTerm: boolean;
  /** Kept as a search term (content word, not a stopword). */
  content: boolean;
}

export interface DocumentTerms {
  terms: string[];
  readings: string[];
  bigrams: string[];
  /** [term, katakana reading] of every content term and compound, for the question-side vocabulary. */
  spelled: Array<[string, string]>;
}

/** Noun details that carry no topic of their own. */
const NON_CONTENT_NOUN = new Set(['非自立', '代名詞', '特殊', '接続詞的']);
const CONTENT_POS = new Set(['名詞', '動詞', '形容詞']);
/** Longest run of adjacent nouns joined into one compound term (法律|相談 -> 法律相談). */
const MAX_COMPOUND_PARTS = 3;
/** The mark that joins nouns sharing a head (法律・人権相談). */
const COORDINATOR = '・';

/**
 * Nouns joined by ・ that share the last one's head (法律・人権相談, 介護・福祉サービス): each with the head is a word
 * of the text too (法律相談, 介護サービス), the one a resident asks for.
 */
function coordinatedWords(list: readonly Token[]): Array<[string, string]> {
  const words: Array<[string, string]> = [];
  let chain: Token[][] = [];
  let run: Token[] = [];
  const finish = () => {
    if (run.length > 0) chain.push(run);
    const last = chain.at(-1) ?? [];
    const head = last.at(-1);
    if (chain.length >= 2 && last.length >= 2 && head) {
      for (const other of chain.slice(0, -1)) {
        const word = other.at(-1);
        if (word && word.surface !== head.surface)
          words.push([word.surface + head.surface, word.reading + head.reading]);
      }
    }
    chain = [];
    run = [];
  };
  for (const token of list) {
    if (isNounLike(token)) run.push(token);
    else if (token.surface === COORDINATOR && run.length > 0) {
      chain.push(run);
      run = [];
    } else finish();
  }
  finish();
  return words;
}
const MIN_BIGRAM_TERM_LENGTH = 2;
/** Kana question words that kuromoji mis-splits (いつ -> い|つ, はいつ -> はい|つ): cut out before tokenizing. */
const QUESTION_WORDS = [
  'いつ',
  'どこ',
  'だれ',
  'どれ',
  'どんな',
  'いくつ',
  'いくら',
  'なんようび',
  'なんじ',
  'なんにち',
];

export interface Analyzer {
  /** Full token view, for the console and --explain. */
  tokens(text: string): Token[];
  /** Terms of a passage for the index. */
  documentTerms(text: string): DocumentTerms;
  /** Content terms of a question, in order, without expansion; compounds are joined adjacent nouns. */
  /** `part`: a suffix noun or a piece of a user term (市, 人口 in つながり人口), never the topic itself. */
  queryTerms(text: string): Array<{ term: string; compound: boolean; pos: string; part: boolean }>;
  readonly dictionaries: Dictionaries;
  /** Katakana reading of a term (user dictionary first, else kuromoji). */
  readingOf(term: string): string;
  /** A word of the tokenizer's dictionary on its own (ネット, コープ), not a run it guessed (インフル, ケアマネ). */
  isDictionaryWord(term: string): boolean;
}

export interface AnalyzerOptions {
  tokenizer: Tokenizer;
  dictionaries: Dictionaries;
  /** Extra equivalent terms found in the text (era years and the like). */
  extraTerms?: (normalizedText: string) => string[];
}

export function prepareText(text: string): string {
  return joinCjkSpaces(normalizeText(text)).replace(/\s+/g, ' ').trim();
}

interface UserTermMatcher {
  /** Splits text into runs of plain text and user-term hits, longest match first. */
  split(text: string): Array<{ text: string; term?: UserTerm }>;
}

function createUserTermMatcher(terms: UserTerm[]): UserTermMatcher {
  const byFirstChar = new Map<string, UserTerm[]>();
  for (const term of terms) {
    const first = term.term[0];
    if (first === undefined) continue;
    const list = byFirstChar.get(first) ?? [];
    list.push(term);
    byFirstChar.set(first, list);
  }
  for (const list of byFirstChar.values()) list.sort((a, b) => b.term.length - a.term.length);
  return {
    split(text) {
      const out: Array<{ text: string; term?: UserTerm }> = [];
      let plain = '';
      let i = 0;
      while (i < text.length) {
        const hit = byFirstChar.get(text[i] ?? '')?.find((t) => text.startsWith(t.term, i));
        if (hit) {
          if (plain) out.push({ text: plain });
          plain = '';
          out.push({ text: hit.term, term: hit });
          i += hit.term.length;
        } else {
          plain += text[i];
          i += 1;
        }
      }
      if (plain) out.push({ text: plain });
      return out;
    },
  };
}

/** 何 and 幾 as the tokenizer reads them in 何月何日, 何人: an interrogative, whatever its tag. */
const INTERROGATIVE_KANJI = new Set(['何', '幾']);

/** A token that joins its neighbours into a compound. An interrogative (いくら in 今年度いくら助成) asks, it names nothing. */
function isNounLike(token: Token): boolean {
  return (
    token.pos === '名詞' &&
    token.posDetail !== '非自立' &&
    token.posDetail !== '代名詞' &&
    token.posDetail !== '疑問詞' &&
    !INTERROGATIVE_KANJI.has(token.surface) &&
    /[\p{L}\p{N}]/u.test(token.surface)
  );
}

function isContent(token: RawToken, stopwords: Set<string>, kanaStopPredicates: Set<string>): boolean {
  if (!CONTENT_POS.has(token.pos)) return false;
  if (token.pos === '名詞' && NON_CONTENT_NOUN.has(token.pos_detail_1)) return false;
  if (token.pos !== '名詞' && token.pos_detail_1 !== '自立') return false;
  const base = token.basic_form === '*' ? token.surface_form : token.basic_form;
  if (stopwords.has(base) || stopwords.has(token.surface_form)) return false;
  if (token.pos !== '名詞' && kanaStopPredicates.has(base)) return false;
  // After NFKC a lone '?' or '!' is tagged as a noun.
  if (!/[\p{L}\p{N}]/u.test(token.surface_form)) return false;
  // A single hiragana character is nearly always a mis-split particle or ending.
  if (token.surface_form.length === 1 && isHiragana(token.surface_form)) return false;
  return true;
}

/**
 * Stopword verbs and adjectives as a resident types them in kana (ききたい for 聞く, おしえて for 教える): the
 * base form of each, read by the tokenizer. Predicates only: a noun read the same (きく, 菊) keeps its meaning.
 */
function kanaSpellings(stopwords: ReadonlySet<string>, tokenizer: Tokenizer): Set<string> {
  const spelled = new Set<string>();
  for (const word of stopwords) {
    if (isHiragana(word)) continue;
    const [only, ...rest] = tokenizer.tokenize(word);
    if (!only || rest.length > 0 || (only.pos !== '動詞' && only.pos !== '形容詞')) continue;
    const reading = only.reading && only.reading !== '*' ? katakanaToHiragana(only.reading) : '';
    if (reading !== '') spelled.add(reading);
  }
  return spelled;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const { tokenizer, dictionaries } = options;
  const matcher = createUserTermMatcher([
    ...dictionaries.userTerms,
    ...QUESTION_WORDS.map((term) => ({ term, reading: hiraganaToKatakana(term) })),
  ]);
  const questionWords = new Set(QUESTION_WORDS);
  /** User terms inside longer ones (国際交流プラザ in くしろ国際交流プラザ) are indexed too. */
  const nested = new Map(
    dictionaries.userTerms.map((outer) => [
      outer.term,
      dictionaries.userTerms.filter((inner) => inner.term !== outer.term && outer.term.includes(inner.term)),
    ]),
  );
  const userReading = new Map(dictionaries.userTerms.map((t) => [t.term, t.reading]));
  const kanaStopPredicates = kanaSpellings(dictionaries.stopwords, tokenizer);

  const toToken = (raw: RawToken): Token => {
    const base = raw.basic_form === '*' ? raw.surface_form : raw.basic_form;
    const reading = raw.reading && raw.reading !== '*' ? raw.reading : hiraganaToKatakana(raw.surface_form);
    return {
      surface: raw.surface_form,
      base: foldLongVowel(base),
      reading,
      pos: raw.pos,
      posDetail: raw.pos_detail_1,
      userTerm: false,
      content: isContent(raw, dictionaries.stopwords, kanaStopPredicates),
    };
  };

  const readingOf = (term: string): string => {
    const known = userReading.get(term);
    if (known) return known;
    return tokenizer
      .tokenize(term)
      .map((t) => (t.reading && t.reading !== '*' ? t.reading : hiraganaToKatakana(t.surface_form)))
      .join('');
  };

  const tokens = (text: string): Token[] => {
    const prepared = prepareText(text);
    const out: Token[] = [];
    for (const run of matcher.split(prepared)) {
      if (run.term) {
        out.push({
          surface: run.term.term,
          base: run.term.term,
          reading: run.term.reading || readingOf(run.term.term),
          pos: '名詞',
          posDetail: questionWords.has(run.term.term) ? '疑問詞' : 'ユーザー辞書',
          userTerm: !questionWords.has(run.term.term),
          content: !questionWords.has(run.term.term) && !dictionaries.stopwords.has(run.term.term),
        });
      } else {
        for (const raw of tokenizer.tokenize(run.text)) out.push(toToken(raw));
      }
    }
    return out;
  };

  /** Content terms plus compounds of adjacent nouns and the parts of user terms, each with its reading. */
  const spelledTermsOf = (list: Token[]): Array<[string, string, boolean, string, boolean]> => {
    const terms: Array<[string, string, boolean, string, boolean]> = [];
    let run: Token[] = [];
    const flush = () => {
      for (let size = 2; size <= Math.min(MAX_COMPOUND_PARTS, run.length); size++) {
        for (let i = 0; i + size <= run.length; i++) {
          const parts = run.slice(i, i + size);
          terms.push([
            parts.map((t) => t.surface).join(''),
            parts.map((t) => t.reading).join(''),
            true,
            '名詞',
            false,
          ]);
        }
      }
      run = [];
    };
    for (const token of list) {
      if (token.content)
        terms.push([token.base, token.reading, false, token.pos, token.posDetail === '接尾']);
      if (token.userTerm) {
        const parts = tokenizer.tokenize(token.surface).map(toToken);
        for (const t of parts) {
          if (t.content && t.base !== token.base) terms.push([t.base, t.reading, false, t.pos, true]);
        }
        for (const [word, reading] of coordinatedWords(parts))
          terms.push([word, reading, true, '名詞', false]);
        for (const inner of nested.get(token.surface) ?? [])
          terms.push([inner.term, inner.reading, false, '名詞', false]);
      }
      if (isNounLike(token)) run.push(token);
      else flush();
    }
    flush();
    for (const [word, reading] of coordinatedWords(list)) terms.push([word, reading, true, '名詞', false]);
    return terms.filter(([t]) => t.length > 0);
  };

  const extra = (text: string): string[] => options.extraTerms?.(prepareText(text)) ?? [];

  return {
    dictionaries,
    tokens,
    readingOf,
    isDictionaryWord(term) {
      const [only, ...rest] = tokenizer.tokenize(term);
      return (
        only !== undefined && rest.length === 0 && only.surface_form === term && only.word_type === 'KNOWN'
      );
    },
    documentTerms(text) {
      const list = tokens(text);
      const spelled = spelledTermsOf(list).map(([t, r]): [string, string] => [t, r]);
      const terms = [...spelled.map(([t]) => t), ...extra(text)];
      const readings = list.filter((t) => t.content && t.reading).map((t) => foldLongVowel(t.reading));
      const bigrams: string[] = [];
      for (const t of list) {
        if (!t.content || t.base.length < MIN_BIGRAM_TERM_LENGTH) continue;
        for (let i = 0; i + 2 <= t.surface.length; i++) bigrams.push(t.surface.slice(i, i + 2));
      }
      return { terms, readings, bigrams, spelled };
    },
    queryTerms(text) {
      return [
        ...spelledTermsOf(tokens(text)).map(([term, , compound, pos, part]) => ({
          term,
          compound,
          pos,
          part,
        })),
        ...extra(text).map((term) => ({ term, compound: false, pos: '年', part: false })),
      ];
    },
  };
}
