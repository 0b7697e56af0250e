// A resident's question, read once: what it asks for, which years it names, and how it is asked.
// Everything after this (ranking, choosing, the schedule answer, the answer text) reads this value.

import { findEraExpressions, type YearExpression } from '../dates/era.ts';
import { type AnswerType, answerTypeOf, HOW_QUESTION } from './answer-type.ts';
import { normalizeText } from './normalize.ts';
import { yearTerms } from './years.ts';

const WHEN_TYPES = new Set(['date', 'weekday', 'time']);
/**
 * A question of no kind asks when only where it says so (次の法律相談は？ 明日は相談ある？ 11月の日程): 社員がドナーに
 * なった会社にも助成はありますか asks about a grant, not about the next ドナー登録 session.
 */
const WHEN_HINT =
  /次|今度|今日|本日|明日|あした|あさって|今週|来週|再来週|今月|来月|今年|来年|\d+月|\d+日|曜|日程|予定|スケジュール|開催|いつ|何時/;

export interface ParsedQuestion {
  /** The question as the resident wrote it, control characters removed. */
  text: string;
  /** NFKC, full-width digits and long vowels folded: what the patterns read. */
  normalized: string;
  /** The kind of fact asked for (a date, an amount, a phone number …), or null for "tell me about". */
  type: AnswerType | null;
  /** Years the question names, in every era (令和7年度 → 2025年, 2025年度). */
  years: string[];
  eras: YearExpression[];
  /** A when-question a recurring schedule may answer (いつ, 何時, or no kind at all). */
  asksWhen: boolean;
  /** Editions the question names (第2期, 第8次): plans restate the same indicator per edition. */
  editions: string[];
  /** Asks for what holds now (現在の副市長, 今の目標): of several records, the latest. */
  asksCurrent: boolean;
}

const CURRENT = /現在の|今の|いまの|現職|最新/;

const EDITION = /第[0-9]+[期次]/g;

/** The editions a normalized text names (第2期, 第8次), each once. */
export function editionsIn(normalized: string): string[] {
  return [...new Set(normalized.match(EDITION) ?? [])];
}

/**
 * `spelled` is the question with its kana spelled as the corpus spells them (ひなんじょ → 避難所), where the kinds
 * of fact are read: なんじ in ひなんじょ asks for no time.
 */
export function parseQuestion(text: string, spelled: string = text): ParsedQuestion {
  const normalized = normalizeText(text);
  const type = answerTypeOf(spelled);
  return {
    text,
    normalized,
    type,
    years: yearTerms(text),
    eras: findEraExpressions(text),
    asksWhen:
      !HOW_QUESTION.test(text) && (type === null ? WHEN_HINT.test(normalized) : WHEN_TYPES.has(type.name)),
    editions: editionsIn(normalized),
    asksCurrent: CURRENT.test(normalized),
  };
}
