// Parsing of the staff-editable files in dictionaries/. Pure: the caller reads the files.

import { hiraganaToKatakana, normalizeText } from './normalize.ts';

export interface UserTerm {
  term: string;
  /** Katakana reading; empty when the file gives none (the analyzer then derives one). */
  reading: string;
}

/** A synonym rule: any of `from` in a question also searches `to`. Groups expand both ways. */
export interface SynonymRule {
  from: string[];
  to: string[];
}

export interface Dictionaries {
  userTerms: UserTerm[];
  synonyms: SynonymRule[];
  stopwords: Set<string>;
  /** Everyday words for the corpus's words (generated from the Sudachi synonyms): word -> corpus words. */
  generalSynonyms: Map<string, string[]>;
}

export type ParseResult<T> = { success: true; data: T } | { success: false; errors: string[] };

const COMMENT = /^\s*(#|$)/;

function lines(text: string): Array<{ line: string; number: number }> {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => !COMMENT.test(line));
}

/** `term<TAB>reading` per line; the reading is optional (kana, either script). */
export function parseUserTerms(text: string, fileName = 'user-terms.tsv'): ParseResult<UserTerm[]> {
  const terms: UserTerm[] = [];
  const errors: string[] = [];
  for (const { line, number } of lines(text)) {
    const [rawTerm = '', rawReading = '', ...rest] = line.split('\t').map((s) => s.trim());
    const term = normalizeText(rawTerm);
    const reading = hiraganaToKatakana(normalizeText(rawReading));
    if (rest.some((s) => s !== '') || term === '') {
      errors.push(`${fileName}:${number}: expected "term<TAB>reading", got "${line}"`);
    } else if (reading !== '' && !/^[\u30a1-\u30faー]+$/.test(reading)) {
      errors.push(`${fileName}:${number}: reading "${rawReading}" must be kana`);
    } else {
      terms.push({ term, reading });
    }
  }
  return errors.length > 0 ? { success: false, errors } : { success: true, data: terms };
}

/** `a, b, c` is a group (each finds the others); `a, b => c` is one-way. */
export function parseSynonyms(text: string, fileName = 'synonyms.txt'): ParseResult<SynonymRule[]> {
  const rules: SynonymRule[] = [];
  const errors: string[] = [];
  const split = (s: string) =>
    s
      .split(/[,、]/)
      .map((w) => normalizeText(w.trim()))
      .filter((w) => w !== '');
  for (const { line, number } of lines(text)) {
    const parts = line.split('=>');
    if (parts.length > 2) {
      errors.push(`${fileName}:${number}: more than one "=>" in "${line}"`);
      continue;
    }
    const from = split(parts[0] ?? '');
    const to = parts.length === 2 ? split(parts[1] ?? '') : from;
    if (from.length === 0 || to.length === 0 || (parts.length === 1 && from.length < 2)) {
      errors.push(`${fileName}:${number}: expected "a, b, c" or "a, b => c", got "${line}"`);
      continue;
    }
    rules.push({ from, to });
  }
  return errors.length > 0 ? { success: false, errors } : { success: true, data: rules };
}

/** `word<TAB>target,target` per line (dictionaries/general-synonyms.tsv, generated). */
export function parseGeneralSynonyms(
  text: string,
  fileName = 'general-synonyms.tsv',
): ParseResult<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  const errors: string[] = [];
  for (const { line, number } of lines(text)) {
    const [word = '', targets = '', ...rest] = line.split('\t');
    const to = targets
      .split(',')
      .map((t) => normalizeText(t.trim()))
      .filter((t) => t !== '');
    if (word.trim() === '' || to.length === 0 || rest.length > 0) {
      errors.push(`${fileName}:${number}: expected "word<TAB>target,target", got "${line}"`);
      continue;
    }
    map.set(normalizeText(word.trim()), to);
  }
  return errors.length > 0 ? { success: false, errors } : { success: true, data: map };
}

export function parseStopwords(text: string): Set<string> {
  return new Set(lines(text).map(({ line }) => normalizeText(line)));
}

export function parseDictionaries(files: {
  userTerms: string;
  synonyms: string;
  stopwords: string;
  generalSynonyms?: string;
}): ParseResult<Dictionaries> {
  const userTerms = parseUserTerms(files.userTerms);
  const synonyms = parseSynonyms(files.synonyms);
  const general = parseGeneralSynonyms(files.generalSynonyms ?? '');
  const errors = [
    ...(userTerms.success ? [] : userTerms.errors),
    ...(synonyms.success ? [] : synonyms.errors),
    ...(general.success ? [] : general.errors),
  ];
  if (!userTerms.success || !synonyms.success || !general.success) return { success: false, errors };
  return {
    success: true,
    data: {
      userTerms: userTerms.data,
      synonyms: synonyms.data,
      stopwords: parseStopwords(files.stopwords),
      generalSynonyms: general.data,
    },
  };
}
