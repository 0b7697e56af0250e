// Ranked passages -> a short extractive answer with its citation, or a decline.

import { findEraExpressions } from '../dates/era.ts';
import {
  type AnswerType,
  FAQ_ANSWER,
  holdsFact,
  inlineLabel,
  labelNamesKind,
  TABLE_ROW,
} from './answer-type.ts';
import {
  BRACKETED_LABEL,
  blockHeadings,
  compilePassage,
  factAt,
  isFaqQuestion,
  LABEL_CHARS,
  labelBefore,
  labelIndexBefore,
  labelOf,
  SLOTTED,
  units,
} from './facts.ts';
import { faqQuestionOf } from './faq-match.ts';
import type { Hit, PassageIndex } from './index.ts';
import { hiraganaToKatakana, holdsWord, normalizedOnce, normalizeText } from './normalize.ts';
import { okuriganaSkeleton } from './okurigana.ts';
import type { QueryAnalysis, QueryTerm, Vocabulary } from './query.ts';
import type { Passage, Source } from './types.ts';
import { latestPastYear } from './years.ts';

/** A phone screen: about 300 characters before the citation. */
export const MAX_ANSWER_CHARS = 300;
const EXCERPT_CHARS = 120;

export interface Coverage {
  /** IDF-weighted share of the question's key terms found in the passage (0..1). */
  score: number;
  /**
   * The same share with the question's circumstances discounted: nouns the corpus never uses that are not the
   * thing asked about (息子 and 風邪 in 中学生の息子が風邪で通院したら、いくら払う？). Only a question that asks for
   * a kind of fact the passage must state (an amount, a date) may pass on it: the fact itself is the evidence.
   */
  lenient: number;
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
  /** A noun the corpus never uses, outside the question's focus: how the resident describes their case. */
  circumstance: boolean;
  /** The corpus's longer words this one begins (奨学 → 奨学生, ミリ → ミリメートル): the same word, cut otherwise. */
  extensions: readonly string[];
}

/** Shorter words (月, 子) begin too many of the corpus's words to stand for them. */
const MIN_PREFIX_CHARS = 2;
/** A word beginning more of the corpus's words than this is a common head (市民, 地域), not one word cut short. */
const MAX_EXTENSIONS = 12;

/** The vocabulary's terms in code-unit order, for finding the words a term begins. Built once per vocabulary. */
const sortedTerms = new WeakMap<Vocabulary, string[]>();

/**
 * The corpus's words that begin with `term` and are longer: 日曜 is found in 日曜日, 奨学 in 奨学生, where the
 * tokenizer cut the question's word shorter than the page's. None for a short word or a common head.
 */
function extensionsOf(term: string, vocabulary: Vocabulary): string[] {
  if (term.length < MIN_PREFIX_CHARS) return [];
  let sorted = sortedTerms.get(vocabulary);
  if (!sorted) {
    sorted = [...vocabulary.df.keys()].sort();
    sortedTerms.set(vocabulary, sorted);
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < term) lo = mid + 1;
    else hi = mid;
  }
  const found: string[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const word = sorted[i] ?? '';
    if (!word.startsWith(term)) break;
    if (word.length > term.length) found.push(word);
    if (found.length > MAX_EXTENSIONS) return [];
  }
  return found;
}

/** Share of its weight a circumstance (an unknown noun outside the focus) keeps in the lenient coverage. */
const CIRCUMSTANCE_WEIGHT = PREDICATE_WEIGHT;

/** Share of a term's weight that a generated everyday synonym earns. */
const PARTIAL_CREDIT = 0.6;

/**
 * The terms that decide whether a passage answers: the resident's own words (or their corrected spelling),
 * not compounds, bare digits or synonyms, each weighted by rarity.
 */
function keyTerms(query: QueryAnalysis, vocabulary: Vocabulary): KeyTerm[] {
  const known = keyTermsOf.get(query);
  if (known?.vocabulary === vocabulary) return known.keys;
  const keys = findKeyTerms(query, vocabulary);
  keyTermsOf.set(query, { vocabulary, keys });
  return keys;
}

/** Coverage is taken for every candidate of a question: its key terms are worked out once per question. */
const keyTermsOf = new WeakMap<QueryAnalysis, { vocabulary: Vocabulary; keys: KeyTerm[] }>();

function findKeyTerms(query: QueryAnalysis, vocabulary: Vocabulary): KeyTerm[] {
  const corrected = (term: string) => query.corrections.some((c) => c.from.includes(term));
  const { pieces, years } = yearKeys(query);
  const words = query.terms
    .filter((t) => t.origin !== 'synonym' && !t.compound && !t.scope && !/^\d+$/.test(t.term))
    .filter((t) => t.origin === 'reading' || !corrected(t.term))
    .filter((t) => !YEAR_TERM.test(t.term) && !pieces.has(t.term))
    .map((t) => {
      const unknown = !vocabulary.df.has(t.term);
      const predicate = t.pos === '動詞' || t.pos === '形容詞';
      return {
        extensions: extensionsOf(t.term, vocabulary),
        // A number or a year (1950年) is what is asked about, never a circumstance.
        // A word joined to others (肺炎球菌 in 肺炎球菌ワクチン) names which thing is asked about.
        circumstance:
          unknown &&
          t.pos === '名詞' &&
          !/\d/.test(t.term) &&
          !query.focus.includes(t.term) &&
          !query.terms.some((c) => c.compound && c.term !== t.term && c.term.includes(t.term)),
        term: t.term,
        alternatives: query.synonymsApplied
          .filter((s) => !s.general && sameWordPart(s.from, t.term))
          .flatMap((s) => s.to),
        partial: query.synonymsApplied.filter((s) => s.general && s.from === t.term).flatMap((s) => s.to),
        weight: idf(t.term, vocabulary) * (unknown && predicate ? PREDICATE_WEIGHT : 1),
      };
    });
  const asked = [...years.values()].map(([term = '', ...others]) => ({
    term,
    alternatives: others,
    partial: [],
    weight: idf(term, vocabulary),
    circumstance: false,
    extensions: [],
  }));
  return [...words, ...asked];
}

/** yearTerms' canonical terms (2024年, 2024年度), which a question written so (2025年の) also holds. */
const YEAR_TERM = /^\d{4}年度?$/;

/**
 * A year the question names (令和6年度) is one thing asked, however many terms index it: its canonical terms
 * (2024年度, 2024年) are one key, fiscal first, and the tokens it was written in (令, 和, 年度) are none.
 */
function yearKeys(query: QueryAnalysis): { pieces: Set<string>; years: Map<string, string[]> } {
  const years = new Map<string, string[]>();
  for (const t of query.terms) {
    if (!YEAR_TERM.test(t.term) || t.origin === 'synonym') continue;
    const year = t.term.replace(/年度?$/, '');
    const forms = years.get(year) ?? [];
    forms.push(t.term);
    years.set(
      year,
      forms.sort((a, b) => b.length - a.length),
    );
  }
  if (years.size === 0) return { pieces: new Set(), years };
  // What the question says besides its years: a token found only inside them was written for a year.
  let rest = '';
  let cursor = 0;
  for (const e of findEraExpressions(query.rewritten)) {
    rest += `${query.rewritten.slice(cursor, e.start)}\n`;
    cursor = e.end;
  }
  rest += query.rewritten.slice(cursor);
  const pieces = new Set(
    query.terms.filter((t) => !YEAR_TERM.test(t.term) && !rest.includes(t.term)).map((t) => t.term),
  );
  return { pieces, years };
}

export function coverage(query: QueryAnalysis, passageTerms: Set<string>, vocabulary: Vocabulary): Coverage {
  let total = 0;
  let found = 0;
  let discounted = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const key of keyTerms(query, vocabulary)) {
    const { weight } = key;
    total += weight;
    if (
      passageTerms.has(key.term) ||
      key.alternatives.some((alt) => passageTerms.has(alt)) ||
      key.extensions.some((word) => passageTerms.has(word))
    ) {
      found += weight;
      matched.push(key.term);
    } else if (key.partial.some((alt) => passageTerms.has(alt))) {
      found += weight * PARTIAL_CREDIT;
      matched.push(key.term);
    } else {
      missing.push(key.term);
      if (key.circumstance) discounted += weight * (1 - CIRCUMSTANCE_WEIGHT);
    }
  }
  const share = (of: number) => (of <= 0 ? 0 : found / of);
  return { score: share(total), lenient: share(total - discounted), matched, missing };
}

/** A unit scoring at least this share of the best one is also relevant (a table row beside the matched one). */
const RELEVANT_UNIT_SHARE = 0.5;

/** The rarity-weighted sum of the question's terms a text contains. */
function termWeightIn(text: string, query: QueryAnalysis, vocabulary: Vocabulary): number {
  const n = normalizedOnce(text);
  return query.terms.reduce(
    (s, t) => (n.includes(surfaceOf(t)) ? s + idf(t.term, vocabulary) * t.weight : s),
    0,
  );
}

/** A base form without its last kana (申し込む → 申し込), as conjugated texts write it; short words stay whole. */
export function stemOf(word: string): string {
  return word.length > 2 && /[\u3041-\u309f]$/.test(word) ? word.slice(0, -1) : word;
}

/** A verb or adjective is found in a text by its stem: 申し込む in 申し込み. */
export function surfaceOf(term: QueryTerm): string {
  return term.pos === '動詞' || term.pos === '形容詞' ? stemOf(term.term) : term.term;
}

/** Headings this close to a passage often hold its facts (学校基本調査（5月1日現在）). */
const CONTEXT_HEADINGS = 2;

/** Units kept on each side of a stated fact as its context. */
const TYPED_CONTEXT_UNITS = 2;
const FULL_DATE = /\d+月\d+日/;
/** A value's label in the unit before it counts this much toward the value's unit. */
const LABEL_SHARE = 0.5;
/** A unit about the topic only through its page title counts less than one its own section names. */
const TITLE_SHARE = LABEL_SHARE * LABEL_SHARE;

function contextHeadings(passage: Passage): string[] {
  return passage.headingPath.slice(-CONTEXT_HEADINGS);
}

/** Units of passages read in a row, and how each states the kind of fact asked. */
interface Lines {
  text: string[];
  stated: (i: number) => number;
  /** The unit only restates its page's title. */
  title: (i: number) => boolean;
}

/** The passages' units in order, after `headings`; a passage's own units are looked up in its compiled facts. */
function linesOf(
  passages: readonly Passage[],
  type: AnswerType | null,
  headings: readonly string[] = [],
): Lines {
  const text = [...headings];
  const owner: Array<{ passage: Passage; at: number } | null> = headings.map(() => null);
  for (const passage of passages) {
    units(passage).forEach((u, at) => {
      text.push(u);
      owner.push({ passage, at });
    });
  }
  return {
    text,
    title: (i) => {
      const own = owner[i];
      return own ? (compilePassage(own.passage).titles[own.at] ?? false) : false;
    },
    stated: (i) => {
      const own = owner[i];
      // A passage's first unit may be the value of a label that ends the unit before it.
      return own && (own.at > 0 || i === 0)
        ? compilePassage(own.passage).stated(type, own.at)
        : factAt(type, text, i);
    },
  };
}

/** A passage's nearest headings that its own text does not repeat: they often hold its facts. */
function headingUnits(passage: Passage): string[] {
  const body = units(passage);
  return contextHeadings(passage).filter((h) => !body.includes(h.trim()));
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
  /** The question asks for what holds now (現在の副市長): of several records, the latest begun by `thisYear` leads. */
  current: { thisYear: number } | null = null,
  /** The unit the passage was chosen for stating the fact asked: it leads, whatever else matches the words. */
  chosenFact: string | null = null,
): string {
  const [first] = passages;
  const headings = first ? contextHeadings(first) : [];
  const lines = linesOf(passages, type);
  const body = lines.text;
  // A unit restating the page's title (its running header) matches every question about the page and says nothing.
  // The words the passage's headings already hold (東釧路駅 under ■東釧路駅自転車駐車場, 入場料 under 入場料) say
  // which passage more than which of its lines: the line with the rest of the question leads (冬期閉鎖 for
  // 冬も使える？, the 市外の方 row for 市外の大人の入場料は？).
  const given = normalizeText([first?.title ?? '', ...headings].join('\n'));
  const told: QueryAnalysis = {
    ...query,
    terms: query.terms.map((t) =>
      given.includes(surfaceOf(t)) ? { ...t, weight: t.weight * GIVEN_WEIGHT } : t,
    ),
  };
  const scores = body.map((unit, i) => (lines.title(i) ? 0 : termWeightIn(unit, told, vocabulary)));
  const argmax = (indices: number[], by: (i: number) => number) =>
    indices.reduce((best, i) => (by(i) > by(best) ? i : best), indices[0] ?? 0);
  const all = body.map((_, i) => i);
  // For a typed question the answer is the unit holding the fact, near the words asked about (a label's value follows it).
  const factUnits = type ? all.filter((i) => lines.stated(i) > 0) : [];
  const focus = query.focus.map(normalizeText);
  // Each unit normalized once (from the cache termWeightIn filled), not once per comparison below.
  const plain = body.map((unit) => normalizedOnce(unit));
  const focusBonus = Math.max(0, ...scores);
  const withFocus = (i: number) =>
    (scores[i] ?? 0) + (focus.some((f) => (plain[i] ?? '').includes(f)) ? focusBonus : 0);
  // A full date (10月4日) answers "when" better than a year mentioned in passing.
  const precise = (i: number) => (type?.name === 'date' && FULL_DATE.test(plain[i] ?? '') ? focusBonus : 0);
  // A value in a slot labelled for the kind asked (参加費：無料) is the document saying it outright.
  const slot = (i: number) => (lines.stated(i) === SLOTTED ? focusBonus : 0);
  // A unit inside a block (■ レディース健診 … 実施日 金曜日のみ) is about what the block's marker line names.
  const blocks = blockHeadings(body);
  const inBlock = (i: number) => LABEL_SHARE * termWeightIn(blocks[i] ?? '', query, vocabulary);
  // 現在の: the record with the latest year that has already begun (令和6年11月2日～) is the one in force.
  const latest = current ? latestUnit(body, current.thisYear) : -1;
  const inForce = (i: number) => (i === latest ? Math.max(focusBonus, 1) : 0);
  // The unit before may be this value's label; a table row stands under the caption above its table's first row
  // (補助率と上限額), every row alike, and the row above it (区分 13ミリ / 料金 1,540円) is a sibling, no label.
  // A note before it is no label either.
  const labelWeight = (i: number) => {
    const at = labelIndexBefore(body, i);
    const before = body[at] ?? '';
    return at < 0 || TABLE_ROW.test(before) || (type?.required && NOTE.test(before)) ? 0 : withFocus(at);
  };
  // A Q&A page's question (Ｑ２ 登録の有効期間はいつまでですか。) restates the resident's: its answer is about it all.
  const labelShare = (i: number) => (isFaqQuestion(body[i - 1] ?? '') ? 1 : LABEL_SHARE);
  // A note (※上限額は医療機関ごとではなく…) qualifies a fact stated elsewhere: it leads only where nothing else does
  // (in a list it is one of the items).
  const noted = (i: number) => (type?.required && NOTE.test(body[i] ?? '') ? LABEL_SHARE : 1);
  const nearTerms = (i: number) =>
    noted(i) *
    (withFocus(i) + labelShare(i) * labelWeight(i) + precise(i) + slot(i) + inBlock(i) + inForce(i));
  const added = focus.filter((f) => !given.includes(f));
  const addsThing = (i: number) => added.some((f) => (plain[i] ?? '').includes(f));
  const chosenAt = chosenFact === null ? -1 : (factUnits.find((i) => body[i] === chosenFact) ?? -1);
  const matchedIndex =
    chosenAt >= 0 && latest === -1 && lines.stated(chosenAt) === SLOTTED
      ? chosenAt
      : // A required fact is what answers, even where no unit near it repeats the question's words.
        factUnits.length > 0 && (type?.required === true || factUnits.some((i) => nearTerms(i) > 0))
        ? argmax(factUnits, nearTerms)
        : // Else the unit naming the thing the question adds to its page's topic (電話 in 電話でもできる？) leads,
          // not one repeating the topic.
          argmax(all, (i) => (scores[i] ?? 0) + (addsThing(i) ? focusBonus : 0) + inForce(i));
  // The unit most like the question may be a Q&A page's question (問6 土曜日に届け出ることはできますか。):
  // the answer is the unit after it.
  const next = body[matchedIndex + 1];
  const answered = next !== undefined && isFaqQuestion(body[matchedIndex] ?? '') && !isFaqQuestion(next);
  const bestIndex = answered ? matchedIndex + 1 : matchedIndex;
  const best = Math.max(scores[bestIndex] ?? 0, scores[matchedIndex] ?? 0);
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
  // A label in brackets alone (【講師】) that matched the question best says nothing without the line after it.
  const bare = BRACKETED_LABEL.test((body[bestIndex] ?? '').trim()) && bestIndex + 1 < body.length;
  const leadIndex = bare ? bestIndex + 1 : bestIndex;
  const label = bare ? labelOf(body[bestIndex] ?? '') : type ? labelBefore(type, body, bestIndex) : null;
  // An item of a list is said under the line that opens the list (次のような印鑑は登録できません。 above ゴム印、
  // シャチハタ…): that line is what the page says of every item, the answer to a yes/no question.
  const leadIn = type === null && label === null ? listLeadIn(body, leadIndex) : -1;
  const opening = leadIn >= 0 ? `${(body[leadIn] ?? '').replace(FAQ_ANSWER, '')}\n` : '';
  const lead = `${opening}${label ? `${label}：` : ''}${(body[leadIndex] ?? '').replace(FAQ_ANSWER, '')}`;
  const skipped = new Set([
    leadIndex,
    ...(label ? [bare ? bestIndex : labelIndexBefore(body, leadIndex)] : []),
    ...(leadIn >= 0 ? [leadIn] : []),
  ]);
  const context: number[] = [];
  let used = (headingFact ? headingFact.length + 1 : 0) + lead.length;
  // After a stated fact, a label line without its value ((6) 中期実施計画) says nothing; nor does a Q&A page's
  // question: its own restates the resident's, the next one is another question without its answer.
  const bareLabel = (i: number) =>
    type?.required === true && labelOf(body[i] ?? '') !== null && lines.stated(i) === 0;
  for (const i of order) {
    if (context.length >= (type?.name === 'list' || type?.name === 'items' ? LIST_UNITS : CONTEXT_UNITS))
      break;
    if (skipped.has(i) || context.includes(i) || bareLabel(i) || isFaqQuestion(body[i] ?? '')) continue;
    const length = (body[i] ?? '').length + 1;
    if (used + length > budget) continue;
    context.push(i);
    used += length;
  }
  const said = [
    ...(headingFact ? [headingFact] : []),
    lead,
    ...context.sort((a, b) => a - b).map((i) => body[i] ?? ''),
  ];
  return cut(said.join('\n'), budget);
}

/** The line that opens a list (次のような…は登録できません。, 以下の方が対象です：): what the page says of its items. */
const LIST_LEAD_IN = /(?:次の|以下の|下記の)[^。]*[。:：]\s*$|[:：]\s*$/u;
/** A list's items are looked back over this far for the line that opens it. */
const MAX_ITEMS_ABOVE = 8;

/** How a list item is marked: ・, ①, (1), 1., ■ or nothing. Items of one list are marked alike. */
function itemMarker(unit: string): string {
  const head = unit.trim().charAt(0);
  if (/[①-⑳]/u.test(head)) return '①';
  if (/[(（]/u.test(head)) return '(';
  if (/[0-9０-９]/u.test(head)) return '1';
  return /[・■□●○◆◇▼▽◎-]/u.test(head) ? head : '';
}

/** The unit opening the list whose item `at` is (items are bare phrases, no 。, marked alike), or -1. */
function listLeadIn(body: readonly string[], at: number): number {
  const item = (body[at] ?? '').trim();
  if (item.endsWith('。') || LIST_LEAD_IN.test(item)) return -1;
  const marker = itemMarker(item);
  for (let i = at - 1; i >= 0 && i >= at - MAX_ITEMS_ABOVE; i--) {
    const unit = (body[i] ?? '').trim();
    if (LIST_LEAD_IN.test(unit.replace(FAQ_ANSWER, ''))) return i;
    // Another list's items (・… above ③…) or a sentence: the item's own list opened without a line of its own.
    if (unit.endsWith('。') || isFaqQuestion(unit) || itemMarker(unit) !== marker) return -1;
  }
  return -1;
}

/** Share of its weight a question word keeps, in choosing a passage's line, where the passage's headings hold it. */
const GIVEN_WEIGHT = 0.25;

/** A note on the line it follows (※…, 注…, (注)…), or a sentence that qualifies it (なお、…, ただし、…). */
const NOTE = /^\s*(?:※|注[:：)）\s]|[(（]注[)）]|(?:なお|ただし|但し)[、，,])/u;

/** Share of the question's weight a fact's own lines must hold to be about the question without its focus word. */
const UNIT_TOPIC_SHARE = 0.5;

/** A label this long names one slot (受付時間, 入場料); a shorter one (時間, 料金) names the kind. */
const SPECIFIC_LABEL_CHARS = 3;
/** Words for a kind of fact in general, which any slot of the kind answers. */
const GENERIC_KIND_WORDS = new Set([
  '料金',
  '費用',
  'お金',
  '金額',
  '電話番号',
  '連絡先',
  '問い合わせ',
  '問合せ',
  '問い合わせ先',
  '申し込み先',
  '申込み先',
  '申込先',
  '送り先',
  '提出先',
  '時間',
  '日時',
  '日程',
  '期間',
]);

/**
 * Lines of context an answer keeps after the line that states the fact. Three, not two: a second fact a
 * question asks for (いつからいつまで, 大人と子ども) often stands on the third line, and a LINE bubble shows
 * only the first two anyway (詳しく見る shows the rest).
 */
const CONTEXT_UNITS = 3;
/** A list question (施策は？) or one for the things to bring (必要な書類は？) is answered with the whole list, as far as the budget allows. */
const LIST_UNITS = 8;
/** The unit stating the latest year not yet to come, or -1. */
function latestUnit(body: readonly string[], thisYear: number): number {
  let best = -1;
  let bestYear = Number.NEGATIVE_INFINITY;
  body.forEach((u, i) => {
    const year = latestPastYear(u, thisYear);
    // Records run in order: of two in the same year, the later one began later.
    if (year !== null && year >= bestYear) {
      bestYear = year;
      best = i;
    }
  });
  return best;
}

export function cut(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const slice = Array.from(text)
    .slice(0, budget - 1)
    .join('');
  return `${slice}…`;
}

/** The unit that states the fact asked for best, and how well (0 when none does). */
export interface StatedFact {
  strength: number;
  unit: string | null;
}

/**
 * How well the passages state the kind of fact asked for next to the thing asked about: 0 when they do not,
 * else the best such unit's share of the question's weight (its label and the section heading count too),
 * plus 1 when that unit names the topic as specifically as the question does (取組期間, not just 期間).
 */
export function strongestFact(
  parts: Passage[],
  query: QueryAnalysis,
  type: AnswerType | null,
  vocabulary: Vocabulary,
  /** Units that may state the fact (all by default). */
  eligible: (unit: string) => boolean = () => true,
  /** The passage holds nearly all of the question's words: a slot labelled for the kind is about the topic. */
  covered = false,
): StatedFact {
  const total = query.terms.reduce((s, t) => s + idf(t.term, vocabulary) * t.weight, 0) || 1;
  const baseWeight = (text: string) => termWeightIn(text, query, vocabulary);
  if (!type) return { strength: baseWeight(parts.map((p) => p.text).join('\n')) / total, unit: null };
  const focus = query.focus.map(normalizeText);
  const [top] = parts;
  const lines = linesOf(parts, type, top ? headingUnits(top) : []);
  const all = lines.text;
  const aboutFocus = (text: string) => focus.some((f) => holdsWord(normalizedOnce(text), f));
  const heading = parts[0]?.headingPath.at(-1) ?? '';
  const title = top?.title ?? '';
  let best = 0;
  let unit: string | null = null;
  const consider = (weight: number, u: string) => {
    if (weight > best) {
      best = weight;
      unit = u;
    }
  };
  if (type.name === 'definition') {
    // 「X」とは… / X：… : the sentence that says what X is, not one that merely mentions it.
    const defines = focus.map(
      (f) => new RegExp(`${escapeRegExp(f)}(\\([^)]*\\))?[」』)\\]]*\\s*(とは|:|という|をいう)`),
    );
    for (const u of all) if (defines.some((d) => d.test(normalizeText(u)))) consider(baseWeight(u), u);
    return { strength: Math.min(1, best / total), unit };
  }
  // 発行部数は？ names its fact: 900部 is about the topic wherever it stands in the passage.
  const headed = focus.length === 0 || aboutFocus(heading) || type.named === true || type.evident === true;
  // A compound ending in the topic word (取組期間 for 期間) is the specific name; a lone word is not.
  const [first = '', second = ''] = focus;
  const specific = second !== '' && first.length > second.length && first.endsWith(second) ? first : '';
  // By its most specific name: a title holding only the generic tail (選挙 of 市長選挙) is about another thing.
  const titled = first !== '' && holdsWord(normalizedOnce(title), first);
  const weightOf = (text: string) =>
    Math.min(baseWeight(text), total) + (specific && normalizedOnce(text).includes(specific) ? total : 0);
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
  // The question names its slot (受付時間, 入場料): a slot of the same kind under another name (開館時間, 参加費) is
  // a different fact, the near-duplicate a page keeps beside the one asked for.
  const joinedSlots = slotsJoinedByNo(query.rewritten, type);
  const askedSlots = query.terms
    .filter((t) => t.origin === 'question' || t.origin === 'kana')
    .map((t) => t.term)
    .filter((t) => t.length >= SPECIFIC_LABEL_CHARS && labelNamesKind(type, t) && !GENERIC_KIND_WORDS.has(t))
    .concat(joinedSlots.map((slot) => slot.whose + slot.kind));
  // Another slot by every label it has: 年額 73,200円 under 保険料基準額 is the 基準額 asked for.
  const otherSlot = (i: number) => {
    const slots = [inlineLabel(all[i] ?? ''), labelBefore(type, all, i)].filter((l) => l !== null);
    return (
      askedSlots.length > 0 &&
      slots.length > 0 &&
      slots.every((slot) => !askedSlots.some((a) => namesSameSlot(normalizedOnce(slot), a)))
    );
  };
  // 完了報告の期限 asks the 期限 of 完了報告: a unit labelled 完了報告 (⑤完了報告 above it) that states a date states it.
  const ownsSlot = (text: string) => joinedSlots.some((slot) => normalizedOnce(text).includes(slot.whose));
  const blocks = blockHeadings(all);
  all.forEach((u, i) => {
    const stated = lines.stated(i);
    if (stated === 0 || !eligible(u)) return;
    if (stated === SLOTTED && otherSlot(i)) return;
    const label = all[labelIndexBefore(all, i)] ?? '';
    if (stated === SLOTTED && (headed || covered || focusNamesKind || aboutFocus(label) || aboutFocus(u)))
      consider(weightOf(`${heading}\n${label}\n${u}`), u);
    // The section heading says what the unit is about (1 釧路市まちづくり基本構想 > (5) 計画期間).
    if (aboutFocus(u)) consider(weightOf(`${heading}\n${u}`), u);
    // A Q&A entry's question, on the line before or as its heading, is what its whole answer is about.
    else if (
      (isLabel(label) && (aboutFocus(label) || ownsSlot(label))) ||
      isFaqQuestion(label) ||
      isFaqQuestion(heading)
    )
      consider(weightOf(`${heading}\n${label}\n${u}`), u);
    else if (headed) consider(LABEL_SHARE * weightOf(`${heading}\n${u}`), u);
    else if (!labelledOtherwise(u) && aboutTopic(`${heading}\n${blocks[i] ?? ''}\n${label}\n${u}`))
      consider(LABEL_SHARE * weightOf(`${heading}\n${blocks[i] ?? ''}\n${label}\n${u}`), u);
    // A page's sections seldom repeat its topic (証明書のコンビニ交付サービス > 利用できる時間): its title names it.
    else if (titled && !otherSlot(i)) consider(TITLE_SHARE * weightOf(`${title}\n${heading}\n${u}`), u);
    // An address or a phone number names no topic: the page's title says whose it is (釧路市斎場 > 所在地 …).
    if (type.evident === true) consider(TITLE_SHARE * weightOf(`${title}\n${heading}\n${u}`), u);
  });
  // Up to 1 for the question's words around the fact, plus 1 where the fact sits by the topic's most specific name.
  return { strength: best / total, unit };
}

/** 除雪の期間 names the slot 除雪期間: a noun, の, and a word naming the kind, as a page labels it. */
const JOINED_BY_NO =
  /([\p{Script=Han}\p{Script=Katakana}ー]{2,})の(?=([\p{Script=Han}\p{Script=Katakana}ー]{2,}))/gu;

/** The slots the question names so, as whose and which kind (完了報告 and 期限 of 完了報告の期限). */
function slotsJoinedByNo(question: string, type: AnswerType): Array<{ whose: string; kind: string }> {
  return [...normalizeText(question).matchAll(JOINED_BY_NO)]
    .map(([, whose = '', kind = '']) => ({ whose, kind }))
    .filter(({ kind }) => labelNamesKind(type, kind));
}

/** One slot's name inside the other's, however their okurigana are written (応募締切 and 締め切り). */
function namesSameSlot(a: string, b: string): boolean {
  const [x, y] = [okuriganaSkeleton(a) ?? a, okuriganaSkeleton(b) ?? b];
  return a.includes(b) || b.includes(a) || x.includes(y) || y.includes(x);
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
    // The next entry of a Q&A page answers another question.
    if (!isChild || faqQuestionOf(next) !== null || used + next.text.length > budget) break;
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
