// Ranked passages -> a short extractive answer with its citation, or a decline.

import { type AnswerType, holdsFact, inlineLabel, labelNamesKind, splitFields } from './answer-type.ts';
import type { Hit, PassageIndex } from './index.ts';
import { hiraganaToKatakana, normalizeText } from './normalize.ts';
import type { QueryAnalysis, Vocabulary } from './query.ts';
import type { Passage, Source } from './types.ts';

/** A phone screen: about 300 characters before the citation. */
export const MAX_ANSWER_CHARS = 300;
const EXCERPT_CHARS = 120;

export interface Coverage {
  /** IDF-weighted share of the question's key terms found in the passage (0..1). */
  score: number;
  matched: string[];
  missing: string[];
}

export function idf(term: string, vocabulary: Vocabulary): number {
  const df = vocabulary.df.get(term) ?? 0;
  // An unseen term weighs as much as the rarest one: the question is about something the corpus lacks.
  return Math.log(1 + vocabulary.documentCount / Math.max(df, 0.5));
}

/** One word contains the other, whatever the kana script (ワーホリ and ほり). */
function sameWordPart(a: string, b: string): boolean {
  const [x, y] = [hiraganaToKatakana(a), hiraganaToKatakana(b)];
  return x.includes(y) || y.includes(x);
}

/** Unknown verbs and adjectives (始まる, 配る) are usually how a question is phrased, not what it is about. */
const PREDICATE_WEIGHT = 0.35;

export interface KeyTerm {
  term: string;
  alternatives: string[];
  /** Weaker stand-ins (generated everyday synonyms): they earn part of the term's weight. */
  partial: string[];
  weight: number;
}

/** Share of a term's weight that a generated everyday synonym earns. */
const PARTIAL_CREDIT = 0.6;

/**
 * The terms that decide whether a passage answers: the resident's own words (or their corrected spelling),
 * not compounds, bare digits or synonyms, each weighted by rarity.
 */
function keyTerms(query: QueryAnalysis, vocabulary: Vocabulary): KeyTerm[] {
  const corrected = (term: string) => query.corrections.some((c) => c.from.includes(term));
  return query.terms
    .filter((t) => t.origin !== 'synonym' && !t.compound && !/^\d+$/.test(t.term))
    .filter((t) => t.origin === 'reading' || !corrected(t.term))
    .map((t) => {
      const unknown = !vocabulary.df.has(t.term);
      const predicate = t.pos === '動詞' || t.pos === '形容詞';
      return {
        term: t.term,
        alternatives: query.synonymsApplied
          .filter((s) => !s.general && sameWordPart(s.from, t.term))
          .flatMap((s) => s.to),
        partial: query.synonymsApplied.filter((s) => s.general && s.from === t.term).flatMap((s) => s.to),
        weight: idf(t.term, vocabulary) * (unknown && predicate ? PREDICATE_WEIGHT : 1),
      };
    });
}

export function coverage(query: QueryAnalysis, passageTerms: Set<string>, vocabulary: Vocabulary): Coverage {
  let total = 0;
  let found = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const key of keyTerms(query, vocabulary)) {
    const { weight } = key;
    total += weight;
    if (passageTerms.has(key.term) || key.alternatives.some((alt) => passageTerms.has(alt))) {
      found += weight;
      matched.push(key.term);
    } else if (key.partial.some((alt) => passageTerms.has(alt))) {
      found += weight * PARTIAL_CREDIT;
      matched.push(key.term);
    } else {
      missing.push(key.term);
    }
  }
  return { score: total === 0 ? 0 : found / total, matched, missing };
}

/** A unit scoring at least this share of the best one is also relevant (a table row beside the matched one). */
const RELEVANT_UNIT_SHARE = 0.5;

/** The rarity-weighted sum of the question's terms a text contains. */
function termWeightIn(text: string, query: QueryAnalysis, vocabulary: Vocabulary): number {
  const n = normalizeText(text);
  return query.terms.reduce((s, t) => (n.includes(t.term) ? s + idf(t.term, vocabulary) * t.weight : s), 0);
}

/**
 * When the page was updated (更新日：2025年4月15日, 令和7年4月1日更新, 掲載日): page furniture every city page
 * carries, never the date a resident asks for.
 */
const PAGE_DATE =
  /^(?:最終)?(?:更新|掲載|公開|作成)日(?:時)?\s*[:：]?\s*\S|\d+日(?:\s*)(?:更新|掲載|公開)\s*$/u;

export function units(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.match(/[^。]+。?/g) ?? [])
    .flatMap(splitFields)
    .map((u) => u.trim())
    .filter((u) => u !== '' && !PAGE_DATE.test(u));
}

/** Headings this close to a passage often hold its facts (学校基本調査（5月1日現在）). */
const CONTEXT_HEADINGS = 2;
/** A unit this short without a full stop is a label whose value follows (提携年月日, (7) 期間). */
const LABEL_CHARS = 40;

/** Units kept on each side of a stated fact as its context. */
const TYPED_CONTEXT_UNITS = 2;
const FULL_DATE = /\d+月\d+日/;
/** A value's label in the unit before it counts this much toward the value's unit. */
const LABEL_SHARE = 0.5;

function contextHeadings(passage: Passage): string[] {
  return passage.headingPath.slice(-CONTEXT_HEADINGS);
}

/** A passage as answer units: its nearest headings, then its sentences and rows. */
function passageUnits(passage: Passage): string[] {
  const body = units(passage.text);
  return [...contextHeadings(passage).filter((h) => !body.includes(h.trim())), ...body];
}

/**
 * The sentences or rows that answer: the best-matching unit, the other strong ones, then its neighbours
 * (a label's value follows it), within the length budget, in document order.
 */
export function extract(
  passages: Passage[],
  query: QueryAnalysis,
  vocabulary: Vocabulary,
  type: AnswerType | null,
  budget: number,
): string {
  const [first] = passages;
  const headings = first ? contextHeadings(first) : [];
  const body = passages.flatMap((p) => units(p.text));
  const scores = body.map((unit) => termWeightIn(unit, query, vocabulary));
  const argmax = (indices: number[], by: (i: number) => number) =>
    indices.reduce((best, i) => (by(i) > by(best) ? i : best), indices[0] ?? 0);
  const all = body.map((_, i) => i);
  // For a typed question the answer is the unit holding the fact, near the words asked about (a label's value follows it).
  const factUnits = type ? all.filter((i) => factAt(type, body, i) > 0) : [];
  const focus = query.focus.map(normalizeText);
  const focusBonus = Math.max(0, ...scores);
  const withFocus = (i: number) =>
    (scores[i] ?? 0) + (focus.some((f) => normalizeText(body[i] ?? '').includes(f)) ? focusBonus : 0);
  // A full date (10月4日) answers "when" better than a year mentioned in passing.
  const precise = (i: number) =>
    type?.name === 'date' && FULL_DATE.test(normalizeText(body[i] ?? '')) ? focusBonus : 0;
  // A value in a slot labelled for the kind asked (参加費：無料) is the document saying it outright.
  const slot = (i: number) => (factAt(type, body, i) === SLOTTED ? focusBonus : 0);
  const nearTerms = (i: number) => withFocus(i) + LABEL_SHARE * withFocus(i - 1) + precise(i) + slot(i);
  const bestIndex =
    factUnits.length > 0 && factUnits.some((i) => nearTerms(i) > 0)
      ? argmax(factUnits, nearTerms)
      : argmax(all, (i) => scores[i] ?? 0);
  const best = scores[bestIndex] ?? 0;
  const headingFact =
    type?.required && factUnits.length === 0 ? headings.find((h) => holdsFact(type, h)) : undefined;
  const order = [
    bestIndex,
    ...all
      .filter((i) => i !== bestIndex && best > 0 && (scores[i] ?? 0) >= best * RELEVANT_UNIT_SHARE)
      .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b),
    // A stated fact keeps one unit of context on each side; a description or a list runs on.
    ...all.filter((i) => i > bestIndex && (!type?.required || i <= bestIndex + TYPED_CONTEXT_UNITS)),
    ...all
      .filter((i) => i < bestIndex && (!type?.required || i >= bestIndex - TYPED_CONTEXT_UNITS))
      .reverse(),
  ];
  // The fact comes first; a label standing alone on the line before it is said with it (計画期間：平成30年度～).
  const label = type ? labelBefore(type, body, bestIndex) : null;
  const lead = `${label ? `${label}：` : ''}${(body[bestIndex] ?? '').replace(FAQ_ANSWER, '')}`;
  const skipped = new Set([bestIndex, ...(label ? [bestIndex - 1] : [])]);
  const context: number[] = [];
  let used = (headingFact ? headingFact.length + 1 : 0) + lead.length;
  for (const i of order) {
    if (context.length >= CONTEXT_UNITS) break;
    if (skipped.has(i) || context.includes(i)) continue;
    const length = (body[i] ?? '').length + 1;
    if (used + length > budget) continue;
    context.push(i);
    used += length;
  }
  const lines = [
    ...(headingFact ? [headingFact] : []),
    lead,
    ...context.sort((a, b) => a - b).map((i) => body[i] ?? ''),
  ];
  return cut(lines.join('\n'), budget);
}

const SLOTTED = 2;
/** Share of the question's weight a fact's own lines must hold to be about the question without its focus word. */
const UNIT_TOPIC_SHARE = 0.5;

/** The question of a Q&A page (問1 登録にお金はかかりますか。, Q. …？): the answer after it is about what it asks. */
const FAQ_QUESTION =
  /^\s*(?:問|Q|Ｑ|質問)\s*\d*[.．:：、]?\s*\S|[?？]\s*$|(?:ますか|ですか|でしょうか)。?\s*$/u;
/** The marker an answer of a Q&A page opens with (答, A., 回答), not part of the fact. */
const FAQ_ANSWER = /^\s*(?:答|A|Ａ|回答)\s*\d*[.．:：、]?\s*/u;

function isFaqQuestion(unit: string): boolean {
  return FAQ_QUESTION.test(unit);
}

/** A line that is itself a label: decorated (■会場, 〈日時〉) rather than a value that happens to be short. */
function isDecoratedLabel(unit: string): boolean {
  const text = unit.trim();
  return LABEL_DECORATION.test(text) || /^[〈《【［[].+[〉》】］\]]$/u.test(text);
}

/**
 * How a unit states the kind of fact asked: SLOTTED in a slot labelled for it (参加費：無料, or 〈受付時間〉 on the
 * line before its value), 1 by its shape alone (10月4日 for a date), 0 not at all.
 */
export function factAt(type: AnswerType | null, body: readonly string[], i: number): number {
  if (!type) return 1;
  const unit = body[i] ?? '';
  if (labelNamesKind(type, inlineLabel(unit)) || labelNamesKind(type, labelBefore(type, body, i)))
    return SLOTTED;
  return holdsFact(type, unit) ? 1 : 0;
}

/**
 * The label standing alone on the line before a value (〈受付時間〉, (5) 計画期間), or null: a label is one word
 * and no value itself (電話 03-1234-5678 is a row, 提携年月日: 昭和40年 a row of its own).
 */
function labelBefore(type: AnswerType, body: readonly string[], i: number): string | null {
  const unit = body[i] ?? '';
  const previous = i > 0 ? labelOf(body[i - 1] ?? '') : null;
  const alone =
    previous !== null &&
    !/\s|[:：]/.test(previous) &&
    (labelNamesKind(type, previous) || !holdsFact(type, previous)) &&
    !isDecoratedLabel(unit) &&
    !labelNamesKind(type, labelOf(unit));
  return alone ? previous : null;
}

/** Lines of context an answer keeps after the line that states the fact. */
const CONTEXT_UNITS = 2;
/** Markers that open a label line: 〈受付時間〉, 【対象】, ■申込方法, (5) 計画期間, ア 期間, ① 会場. */
const LABEL_DECORATION = /^(?:[■□●○◆◇▼▽◎・※]|\(?\d{1,2}[).]|[(（]\d{1,2}[)）]|[ア-ン](?=\s)|[①-⑳])\s*/u;

/** The label a short line names (計画期間 for `(5) 計画期間`, 受付時間 for `〈受付時間〉`), or null for a sentence. */
export function labelOf(unit: string): string | null {
  const text = unit.trim();
  if (text === '' || text.length >= LABEL_CHARS || /[。、]$/.test(text)) return null;
  const bare = text
    .replace(LABEL_DECORATION, '')
    .replace(/^[〈《【［[]\s*(.+?)\s*[〉》】］\]]$/u, '$1')
    .replace(/[:：]$/, '')
    .trim();
  return bare === '' ? null : bare;
}

export function cut(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const slice = Array.from(text)
    .slice(0, budget - 1)
    .join('');
  return `${slice}…`;
}

/** Whether the passages hold the kind of fact asked for, next to the thing asked about. */
/**
 * How well the passages state the kind of fact asked for next to the thing asked about: 0 when they do not,
 * else the best such unit's share of the question's weight (its label and the section heading count too),
 * plus 1 when that unit names the topic as specifically as the question does (取組期間, not just 期間).
 */
export function factStrength(
  parts: Passage[],
  query: QueryAnalysis,
  type: AnswerType | null,
  vocabulary: Vocabulary,
  /** Units that may state the fact (all by default). */
  eligible: (unit: string) => boolean = () => true,
  /** The passage holds nearly all of the question's words: a slot labelled for the kind is about the topic. */
  covered = false,
): number {
  const total = query.terms.reduce((s, t) => s + idf(t.term, vocabulary) * t.weight, 0) || 1;
  const baseWeight = (text: string) => termWeightIn(text, query, vocabulary);
  if (!type) return baseWeight(parts.map((p) => p.text).join('\n')) / total;
  const focus = query.focus.map(normalizeText);
  const all = parts.flatMap((p, i) => (i === 0 ? passageUnits(p) : units(p.text)));
  const aboutFocus = (text: string) => focus.some((f) => normalizeText(text).includes(f));
  const heading = parts[0]?.headingPath.at(-1) ?? '';
  let best = 0;
  if (type.name === 'definition') {
    // 「X」とは… / X：… : the sentence that says what X is, not one that merely mentions it.
    const defines = focus.map(
      (f) => new RegExp(`${escapeRegExp(f)}(\\([^)]*\\))?[」』)\\]]*\\s*(とは|:|という|をいう)`),
    );
    for (const u of all)
      if (defines.some((d) => d.test(normalizeText(u)))) best = Math.max(best, baseWeight(u));
    return Math.min(1, best / total);
  }
  // 発行部数は？ names its fact: 900部 is about the topic wherever it stands in the passage.
  const headed = focus.length === 0 || aboutFocus(heading) || type.named === true || type.evident === true;
  // A compound ending in the topic word (取組期間 for 期間) is the specific name; a lone word is not.
  const [first = '', second = ''] = focus;
  const specific = second !== '' && first.length > second.length && first.endsWith(second) ? first : '';
  const weightOf = (text: string) =>
    Math.min(baseWeight(text), total) + (specific && normalizeText(text).includes(specific) ? total : 0);
  const isLabel = (u: string) => u.length < LABEL_CHARS && !u.endsWith('。');
  // 料金 in the question and 入館料 on the page name the same kind of slot.
  const focusNamesKind =
    focus.some((f) => labelNamesKind(type, f)) || query.terms.some((t) => labelNamesKind(type, t.term));
  // 相談は無料 states the fee of 相談: not of the 会費 asked about.
  const labelledOtherwise = (u: string) => {
    const own = inlineLabel(u);
    return own !== null && !labelNamesKind(type, own) && !aboutFocus(own);
  };
  // A unit (with its label and heading) that holds most of the question's words is about what it asks.
  const aboutTopic = (text: string) => baseWeight(text) >= UNIT_TOPIC_SHARE * total;
  all.forEach((u, i) => {
    const stated = factAt(type, all, i);
    if (stated === 0 || !eligible(u)) return;
    const label = all[i - 1] ?? '';
    if (stated === SLOTTED && (headed || covered || focusNamesKind || aboutFocus(label) || aboutFocus(u)))
      best = Math.max(best, weightOf(`${heading}\n${label}\n${u}`));
    // The section heading says what the unit is about (1 釧路市まちづくり基本構想 > (5) 計画期間).
    if (aboutFocus(u)) best = Math.max(best, weightOf(`${heading}\n${u}`));
    else if ((isLabel(label) && aboutFocus(label)) || isFaqQuestion(label))
      best = Math.max(best, weightOf(`${heading}\n${label}\n${u}`));
    else if (headed) best = Math.max(best, LABEL_SHARE * weightOf(`${heading}\n${u}`));
    else if (!labelledOtherwise(u) && aboutTopic(`${heading}\n${label}\n${u}`))
      best = Math.max(best, LABEL_SHARE * weightOf(`${heading}\n${label}\n${u}`));
  });
  // Up to 1 for the question's words around the fact, plus 1 where the fact sits by the topic's most specific name.
  return best / total;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function sectionOf(passage: Passage): string {
  return passage.headingPath.join(' > ');
}

/** Passages that continue the top one: its children, or the rest of its own section, while they fit. */
export function followers(top: Passage, index: PassageIndex, budget: number): Passage[] {
  const out: Passage[] = [];
  let used = top.text.length;
  for (let ordinal = top.ordinal + 1; ; ordinal++) {
    const next = index.passages.get(`${top.docId}#${ordinal}`);
    if (!next) break;
    const isChild = top.headingPath.every((h, i) => next.headingPath[i] === h);
    if (!isChild || used + next.text.length > budget) break;
    out.push(next);
    used += next.text.length;
  }
  return out;
}

export function toSource(hit: Hit): Source {
  const { passage } = hit;
  return {
    docId: passage.docId,
    title: passage.title,
    municipality: passage.municipality,
    section: sectionOf(passage),
    excerpt: cut(passage.text.replace(/\s+/g, ' '), EXCERPT_CHARS),
    score: Math.round(hit.score * 1000) / 1000,
    passageId: passage.id,
  };
}

export function citation(passage: Passage): string {
  const section = passage.headingPath.at(-1);
  return `（出典：${passage.title}${section ? `「${section}」` : ''}／${passage.municipality}）`;
}
