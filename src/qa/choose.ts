// Which ranked passage answers: the one that states the kind of fact asked for, next to the thing asked about.

import { findEraExpressions } from '../dates/era.ts';
import { coverage, followers, MAX_ANSWER_CHARS, type StatedFact, stemOf, strongestFact } from './answer.ts';
import { type AnswerType, labelNamesKind } from './answer-type.ts';
import { faqQuestionOf, questionBigrams, questionSimilarity } from './faq-match.ts';
import { type Hit, isPageContact, type PassageIndex } from './index.ts';
import { holdsWord, normalizeText } from './normalize.ts';
import type { QueryAnalysis } from './query.ts';
import { editionsIn, type ParsedQuestion } from './question.ts';
import type { Passage } from './types.ts';
import { editionless, latestPastYear, yearTerms } from './years.ts';

/** The passage to answer from, and the older document's passage it was preferred to, if any. */
export interface Chosen<C> {
  top: C;
  supersedes?: Passage;
  /** The unit of `top` (or a passage read on after it) that states the fact asked for: the answer leads with it. */
  fact?: string;
}

/** A candidate with the coverage the engine computed for it. */
export interface Ranked extends Hit {
  coverage: { score: number; lenient: number };
}

/** Below this share of the question's key terms found in a passage, it cannot answer. */
export const MIN_COVERAGE = 0.5;
/** For phone numbers, addresses and the like, whose facts any contact block holds. */
const MIN_EVIDENT_COVERAGE = 0.75;
/** Any other stated fact (a fee, a date): the words that say whose it is must be there too. */
const MIN_SUBJECT_COVERAGE = 0.5;
/** A passage holding this share of the question's words is about it: a slot labelled for the kind answers. */
const COVERED = 0.8;
/** A newer document's fact this close to the best one (in merit) replaces it: the same fact, restated later. */
const NEWER_DOCUMENT_SHARE = 0.7;
const SAME_SUBJECT_SLACK = 0.05;
/** How far down the ranking to look for a passage that holds the kind of fact asked for (the engine ranks that deep). */
const FACT_SEARCH_DEPTH = 60;
/** How much the question's wording found whole in a passage counts, at full weight from PHRASE_FULL_CHARS on. */
const PHRASE_WEIGHT = 0.6;
/** Shared wording this short (a word or two: 市民の) says nothing of its own. */
const PHRASE_FREE_CHARS = 4;
const PHRASE_FULL_CHARS = 8;
const KANA_WEIGHT = 0.25;
/** Statistics tables are where a city states its figures. */
const TABLE_FACT_BONUS = 0.3;
/** How much the retrieval rank counts beside how well a passage states the fact. */
const RANK_WEIGHT = 0.5;
/**
 * How much the share of the question's words a passage holds counts: of two passages stating the kind asked, the
 * one about all of the question (ごみ and 収集 and 年末年始) beats one that ranks higher on a few rare words.
 */
const COVERAGE_WEIGHT = 1;
/** How much a Q&A entry's own question, restated by the resident (its pair similarity, 0..1), counts. */
const FAQ_MATCH_WEIGHT = 1;
/** The newest stated year earns up to this much, between OLDEST_YEAR and now. */
const RECENCY_WEIGHT = 0.5;
const OLDEST_YEAR = 1950;
/** A "tell me about" question's last noun found in at most this many passages is a thing of its own. */
const RARE_FOCUS_PASSAGES = 2;
/** …or in at most this share of them: a city with many pages mentions オンライン here and there, still a rare thing. */
const RARE_FOCUS_SHARE = 0.01;
/** A word the question adds to its page's topic, found in at most this share of passages, names a thing of its own. */
const RARE_ADDED_SHARE = 0.03;
/** A passage stating the year the question names. */
const YEAR_MATCH_BONUS = 0.5;

const isFigure = (type: AnswerType | null): boolean =>
  type !== null &&
  (type.name === 'people' ||
    type.name === 'percent' ||
    type.name === 'money' ||
    type.name.startsWith('count'));

/**
 * The newest year a passage states, not counting years still to come (targets and projections). Its title and
 * headings count: a figure's year often stands only there (長期滞在の実績（令和7年度） > 長期滞在者：2,364人).
 */
function recency(passage: Passage, thisYear: number): number {
  const latest = latestPastYear([passage.title, ...passage.headingPath, passage.text].join('\n'), thisYear);
  if (latest === null) return 0;
  const share = (latest - OLDEST_YEAR) / (thisYear - OLDEST_YEAR);
  return RECENCY_WEIGHT * Math.min(1, Math.max(0, share));
}

/** The words that say what a passage is about; a page's contact block is about everything on its page. */
function subjectTerms(passage: Passage, index: PassageIndex): Set<string> {
  return isPageContact(passage)
    ? index.documentTermsOf(passage.docId)
    : (index.termsOf(passage.id)?.all ?? new Set<string>());
}

/** The resident asks for the contact itself (どこに電話すれば, 番号は, アドレスを). */
const CONTACT_ASKED = /どこ|どちら|番号|アドレス/;

/** The question without the words that name the kind of fact (住所, 電話番号): what is left says whose. */
function withoutFactWords(text: string, query: QueryAnalysis, type: AnswerType): QueryAnalysis {
  const cues = [type.asks, ...(type.names ? [type.names] : [])].flatMap((re) =>
    [...text.matchAll(new RegExp(re.source, 'g'))].map((m) => m[0]),
  );
  // A verb counts by its stem (かかる in お金はかかりますか); for a contact, a label of the kind names it too
  // (問い合わせる). Not for dates: 期日 in 期日前投票 is the topic.
  // 開館時間 names a slot of the kind asked: 開館 in it says which slot, not whose.
  const slotNames = query.terms
    .map((t) => t.term)
    .filter((t) => t.length >= SLOT_NAME_CHARS && labelNamesKind(type, t));
  // お休み is the resident's name for the slot a synonym spells as pages label it (休館日, 定休日).
  const namesSlot = (term: string) =>
    query.synonymsApplied.some(
      (s) => !s.general && s.from.includes(term) && s.to.some((to) => labelNamesKind(type, to)),
    );
  const namesFact = (term: string) =>
    cues.some((cue) => cue.includes(term) || term.includes(cue) || cue.includes(stemOf(term))) ||
    slotNames.some((slot) => slot.includes(term)) ||
    namesSlot(term) ||
    (type.evident === true && (labelNamesKind(type, term) || labelNamesKind(type, stemOf(term))));
  // Whose number or address is said by nouns (粗大ごみ受付センター); the verbs tell what the resident did (見た, 出したい).
  const asksContact = type.evident === true && CONTACT_ASKED.test(text);
  const telling = (t: QueryAnalysis['terms'][number]) =>
    asksContact && (t.pos === '動詞' || t.pos === '形容詞');
  return { ...query, terms: query.terms.filter((t) => !namesFact(t.term) && !telling(t)) };
}

/** A question's word this long that names a slot of the asked kind (開館時間, 参加費用) is the slot's name. */
const SLOT_NAME_CHARS = 3;

/** A figure stated only for years to come (平成52年に13万8千人) is a target, not the current figure. */
function onlyFutureYears(text: string, thisYear: number): boolean {
  const years = findEraExpressions(text).map((e) => e.year);
  return years.length > 0 && years.every((y) => y > thisYear);
}

/**
 * Whether the thing asked about is qualified by a word the documents never use (ゴミ in ゴミ収集日): then no passage
 * answers, however many of the question's other words it shares. A synonym or correction the corpus knows rescues it.
 */
export function unknownTopic(
  query: QueryAnalysis,
  known: ReadonlySet<string> | Map<string, number>,
): boolean {
  const [topic = ''] = query.focus;
  if (topic === '') return false;
  const rescued = (word: string) =>
    query.synonymsApplied.some((s) => s.from.includes(word) && s.to.some((t) => known.has(t))) ||
    query.corrections.some((c) => c.from.includes(word));
  // Only a modifier: an unknown head (周波数, 期日) is often the document's fact under another name.
  return query.unknown.some(
    (word) => word.length > 1 && topic.includes(word) && !topic.endsWith(word) && !rescued(word),
  );
}

/**
 * The passage to answer from, or undefined when none may: a required kind of fact (a date, a count) must be
 * stated; a preferred one (a definition) only picks among the passages that cover the question.
 */
export function chooseAnswering<C extends Ranked>(
  candidates: C[],
  question: ParsedQuestion,
  query: QueryAnalysis,
  index: PassageIndex,
  now: Date,
): Chosen<C> | undefined {
  // A list is any part of a passage: which passage answers is chosen as for "tell me about".
  const type = question.type?.name === 'list' ? null : question.type;
  if (unknownTopic(query, index.vocabulary.df)) return undefined;
  const thisYear = now.getFullYear();
  // An evident fact (an address) proves nothing about whose it is: the rest of the question must match well.
  const whose = type?.required ? withoutFactWords(question.normalized, query, type) : null;
  // A required fact must be stated, so the resident's circumstances (息子, 風邪) need not be.
  const share = (c: { score: number; lenient: number }) => (type?.required ? c.lenient : c.score);
  // Nothing but the kind is named (釧路市の人口は？ with the city as the filter): the kind is the topic.
  const ofWhom = (c: C) => {
    if (!whose) return true;
    const found = coverage(whose, subjectTerms(c.passage, index), index.vocabulary);
    const named = found.matched.length + found.missing.length > 0;
    return !named || share(found) >= (type?.evident ? MIN_EVIDENT_COVERAGE : MIN_SUBJECT_COVERAGE);
  };
  // "Tell me about" names its thing last (創業塾ってオンラインでも受けられる？): a passage without it is about the
  // page's topic, not the thing asked.
  // Only a rare thing: a common word last (内容, 取り組み, 方針) names which aspect of the topic is asked.
  const [thing = ''] = query.focus;
  // A word in kana alone (だめ, いい) judges rather than names; a list question is about a section.
  const asksThing = /[^\p{Script=Hiragana}ー]/u.test(thing) && question.type === null;
  // …or a means the question adds with でも (オンラインでも, 英語でも): a condition, however common the word.
  const rare =
    (index.vocabulary.df.get(thing) ?? 0) <=
      Math.max(RARE_FOCUS_PASSAGES, RARE_FOCUS_SHARE * index.vocabulary.documentCount) ||
    (thing !== '' && question.normalized.includes(`${normalizeText(thing)}でも`));
  // お and ご only make a word polite (お湯 is the page's 湯 of ぬるま湯).
  const focusWords = query.focus.map((f) => normalizeText(f).replace(/^[おご](?=\p{Script=Han})/u, ''));
  // Title, headings and text, normalized once per candidate for the filters below.
  const normalizedOf = new Map<C, string>();
  const textOf = (c: C) => {
    let text = normalizedOf.get(c);
    if (text === undefined) {
      text = normalizeText(`${c.passage.title}\n${c.passage.headingPath.join('\n')}\n${c.passage.text}`);
      normalizedOf.set(c, text);
    }
    return text;
  };
  const holdsFocus = (c: C) => {
    if (!asksThing || !rare) return true;
    const text = textOf(c);
    return focusWords.some((f) => holdsWord(text, f));
  };
  // "Tell me about" and yes/no questions add words to their page's topic (犬 to 栗林のキャンプ場): a passage holding
  // none of them is about the page, not about what was asked.
  const added = question.type === null ? addedWords(query) : [];
  const rareAdded = Math.max(RARE_FOCUS_PASSAGES, RARE_ADDED_SHARE * index.vocabulary.documentCount);
  const addsToTopic = (c: C) => {
    if (added.length === 0) return true;
    const title = normalizeText(c.passage.title);
    const asked = added.filter((w) => !w.forms.some((f) => title.includes(f)));
    // A common word alone (特徴, 内容) names an aspect any passage about the topic may describe.
    if (!asked.some((w) => (index.vocabulary.df.get(w.term) ?? 0) <= rareAdded)) return true;
    // No form of an asked word is in the title, so the title in the text finds none of them.
    const text = textOf(c);
    return asked.some((w) => w.forms.some((f) => text.includes(f)));
  };
  // A page kept beside its newer edition (令和5年度 … お知らせ and 令和7年度 …) answers only questions about its time.
  const superseded =
    question.years.length === 0 && !ABOUT_THE_PAST.test(question.normalized)
      ? supersededDocuments(candidates.map((c) => c.passage))
      : new Set<string>();
  // 市民ホールの駐車場 asks about the hall's car park: a page that never names 市民ホール (a word the corpus knows
  // whole) states some other car park's.
  const owners = [...question.normalized.matchAll(OWNER_OF)]
    .map(([, owner = '']) => owner)
    .filter(
      (owner) =>
        [...owner].length >= MIN_OWNER_CHARS &&
        !TIME_WORD.test(owner) &&
        query.terms.some((t) => t.term === owner) &&
        // A city's own office (釜石市役所の男性職員) is 市役所 or 本市 on the city's pages.
        !query.terms.some((t) => t.scope && owner.includes(t.term)) &&
        index.vocabulary.df.has(owner),
    );
  const ownersOnPage = (c: C) => owners.every((owner) => pageNames(index, c.passage.docId, owner));
  const answerable = candidates
    .filter((c) => !superseded.has(c.passage.docId))
    .filter(ownersOnPage)
    .filter((c) => share(c.coverage) >= MIN_COVERAGE)
    .filter(ofWhom)
    .filter(holdsFocus)
    .filter(addsToTopic)
    .slice(0, type?.required === false ? candidates.length : FACT_SEARCH_DEPTH);
  // A figure asked for without a year means the latest one the documents give.
  const asksLatest = isFigure(type) && question.eras.length === 0;
  const strengthOf = (c: C): StatedFact => {
    if (!type) return { strength: 1, unit: null };
    const parts = [c.passage, ...followers(c.passage, index, MAX_ANSWER_CHARS)];
    const eligible = asksLatest ? (unit: string) => !onlyFutureYears(unit, thisYear) : undefined;
    const covered = c.coverage.score >= COVERED;
    const stated = strongestFact(parts, query, type, index.vocabulary, eligible, covered);
    if (stated.strength === 0) return stated;
    return {
      ...stated,
      strength:
        stated.strength +
        (asksLatest ? recency(c.passage, thisYear) : 0) +
        (isFigure(type) && c.passage.kind === 'table' ? TABLE_FACT_BONUS : 0),
    };
  };
  // A question that names a year (令和5年度) is about what the documents say for that year.
  const askedYears = new Set(question.years);
  const namesYear = (c: C) =>
    askedYears.size > 0 &&
    yearTerms(`${c.passage.headingPath.join('\n')}\n${c.passage.text}`).some((y) => askedYears.has(y));
  // A question that names an edition (第2期) is about that edition's figures, not the one in force.
  const namesEdition = (c: C) => {
    if (question.editions.length === 0) return false;
    const text = normalizeText(`${c.passage.headingPath.join('\n')}\n${c.passage.text}`);
    // A title naming one edition names it for every section (第２期釜石市環境基本計画 > (2) 計画期間); one that
    // compares editions (第３期…の体系図（第２期との対比）) names none.
    const titled = editionsIn(normalizeText(c.passage.title));
    const title = titled.length === 1 ? titled : [];
    return question.editions.some((e) => text.includes(e) || title.includes(e));
  };
  const stating = answerable
    .map((c) => ({ c, ...strengthOf(c) }))
    .map((w) => ({
      ...w,
      strength: w.strength > 0 ? w.strength + (namesYear(w.c) ? YEAR_MATCH_BONUS : 0) : w.strength,
    }))
    .filter((w) => w.strength > 0 || !type?.required);
  // Where a passage of the edition named states the fact, another edition's (the one in force) does not answer.
  const ofEdition = stating.filter((w) => w.strength > 0 && namesEdition(w.c));
  const weighed = ofEdition.length > 0 ? ofEdition : stating;
  const topScore = Math.max(...weighed.map((w) => w.c.score), Number.MIN_VALUE);
  // The question's own wording, found whole in a passage (3つの市民のライフステージ): the page says what was asked.
  const phraseOf = new Map<C, number>();
  const phrase = (c: C) => {
    let shared = phraseOf.get(c);
    if (shared === undefined) {
      // Wording the page's title holds is shared by all its passages: it tells none of them apart.
      const title = normalizeText(c.passage.title);
      shared = sharedWording(question.normalized, normalizeText(c.passage.text).replaceAll(title, '\n'));
      phraseOf.set(c, shared);
    }
    return Math.min(1, Math.max(0, shared - PHRASE_FREE_CHARS) / PHRASE_FULL_CHARS);
  };
  // A Q&A entry whose own question the resident restates (けいほうきっていくらぐらいでかえる？ for Q.どこで買えますか。
  // 値段はいくらくらいですか。) answers it, though the entries beside it share as many of the page's words.
  // As the corpus spells it: a question typed in kana restates an entry written in kanji.
  const askedPairs = questionBigrams(query.rewritten);
  const restatedOf = new Map<C, number>();
  const restated = (c: C) => {
    let similarity = restatedOf.get(c);
    if (similarity === undefined) {
      const entry = faqQuestionOf(c.passage);
      similarity = entry === null ? 0 : questionSimilarity(askedPairs, questionBigrams(entry));
      restatedOf.set(c, similarity);
    }
    return similarity;
  };
  const withoutPhrase = (w: (typeof weighed)[number]) =>
    w.strength +
    RANK_WEIGHT * (w.c.score / topScore) +
    COVERAGE_WEIGHT * share(w.c.coverage) +
    FAQ_MATCH_WEIGHT * restated(w.c);
  // The wording is compared only where it can change the choice: within PHRASE_WEIGHT of the best without it.
  const contended = Math.max(...weighed.map(withoutPhrase)) - PHRASE_WEIGHT;
  const merit = (w: (typeof weighed)[number]) => {
    const base = withoutPhrase(w);
    return base < contended ? base : base + PHRASE_WEIGHT * phrase(w.c);
  };
  const best = weighed.reduce<(typeof weighed)[number] | undefined>(
    (b, w) => (!b || merit(w) > merit(b) ? w : b),
    undefined,
  );
  if (!best) return undefined;
  // Another document states the same kind of fact about the same thing: the newer dated one is in force.
  const newer = weighed
    .filter(
      (w) =>
        type?.required &&
        w.c.passage.docId !== best.c.passage.docId &&
        w.c.passage.municipality === best.c.passage.municipality &&
        // About the same thing: it holds the question's words as well as the best one does.
        w.c.coverage.score >= best.c.coverage.score - SAME_SUBJECT_SLACK &&
        merit(w) >= NEWER_DOCUMENT_SHARE * merit(best) &&
        isNewer(w.c.passage, best.c.passage),
    )
    .sort((a, b) => (b.c.passage.documentDate ?? '').localeCompare(a.c.passage.documentDate ?? ''))[0];
  const chosen = newer ?? best;
  return {
    top: chosen.c,
    ...(newer ? { supersedes: best.c.passage } : {}),
    ...(chosen.unit !== null ? { fact: chosen.unit } : {}),
  };
}

/**
 * The resident's own words (not compounds, scope words or kana-only words, which judge rather than name) with the
 * forms a page may write them in: a verb by its stem (凍る in 凍った), a synonym or a corrected spelling. The stem
 * drops the last kana of a two-character verb too, which stemOf keeps whole: 凍る is written 凍った, 凍らせ, 凍結.
 */
function addedWords(query: QueryAnalysis): Array<{ term: string; forms: string[] }> {
  return query.terms
    .filter((t) => (t.origin === 'question' || t.origin === 'kana') && !t.compound && !t.scope)
    .filter((t) => /[^\p{Script=Hiragana}ー]/u.test(t.term))
    .map((t) => {
      const predicate = (t.pos === '動詞' || t.pos === '形容詞') && /\p{Script=Hiragana}$/u.test(t.term);
      return {
        term: t.term,
        forms: [
          normalizeText(predicate ? t.term.slice(0, -1) : t.term),
          ...query.synonymsApplied
            .filter((s) => s.from.includes(t.term))
            .flatMap((s) => s.to.map(normalizeText)),
          ...query.corrections.filter((c) => c.from.includes(t.term)).map((c) => normalizeText(c.to)),
        ],
      };
    });
}

/** Shorter owners (東京の病院, 土日の温水プール) are as often the resident's circumstance as the thing's name. */
const MIN_OWNER_CHARS = 3;
/** A noun owning another by の (市民ホールの駐車場): kanji or katakana, two characters at least each side. */
const OWNER_OF =
  /(?<![\p{Script=Han}\p{Script=Katakana}ー\d])([\p{Script=Han}\p{Script=Katakana}ー]{2,})の(?=[\p{Script=Han}\p{Script=Katakana}ー]{2,})/gu;
/** 今年度の税金, 来月の予定: a time says when, not whose. */
const TIME_WORD = /[年月日度時]$/u;

/** Whether a document names a word, as a word or inside one (市民ホール in 釜石市民ホール): once per index. */
function pageNames(index: PassageIndex, docId: string, word: string): boolean {
  const terms = index.documentTermsOf(docId);
  if (terms.has(word)) return true;
  let known = namedOnPages.get(index);
  if (!known) {
    known = new Map();
    namedOnPages.set(index, known);
  }
  const key = `${docId}\n${word}`;
  let named = known.get(key);
  if (named === undefined) {
    named = false;
    for (const term of terms) {
      if (term.includes(word)) {
        named = true;
        break;
      }
    }
    if (known.size >= NAMED_ON_PAGES_KEPT) known.clear();
    known.set(key, named);
  }
  return named;
}

const namedOnPages = new WeakMap<PassageIndex, Map<string, boolean>>();
const NAMED_ON_PAGES_KEPT = 10_000;

/** A question about what was (だった, 前の, 昨年): an older edition of a page may answer it. */
const ABOUT_THE_PAST = /だった|でした|前の|以前の|ひとつ前|昨年|去年|前回|旧/;

/** Documents with a newer dated edition among the passages' documents (same city, same title but its year). */
function supersededDocuments(passages: readonly Passage[]): Set<string> {
  // One passage per dated document, with the page it is an edition of.
  const editions = new Map<string, { passage: Passage; page: string }>();
  for (const p of passages) {
    if (p.documentDate !== undefined && !editions.has(p.docId))
      editions.set(p.docId, { passage: p, page: `${p.municipality}\n${editionless(p.title)}` });
  }
  const newest = new Map<string, Passage>();
  for (const { passage, page } of editions.values()) {
    const known = newest.get(page);
    if (!known || isNewer(passage, known)) newest.set(page, passage);
  }
  const out = new Set<string>();
  for (const [docId, { passage, page }] of editions) {
    const best = newest.get(page);
    if (best && best.docId !== docId && isNewer(best, passage)) out.add(docId);
  }
  return out;
}

function isNewer(a: Passage, b: Passage): boolean {
  return a.documentDate !== undefined && b.documentDate !== undefined && a.documentDate > b.documentDate;
}

/**
 * The longest run of characters two texts share, a kana counting a quarter (の and です join words, they name
 * nothing): 市民のライフステージ weighs 9.25.
 */
export function sharedWording(question: string, text: string): number {
  const asked = [...question];
  // Where each of the question's characters stands in it (by code point): most of a text's stand nowhere.
  const at = new Map<number, number[]>();
  asked.forEach((ch, i) => {
    const code = ch.codePointAt(0) ?? 0;
    const list = at.get(code);
    if (list) list.push(i);
    else at.set(code, [i]);
  });
  const weights = asked.map((ch) => (/[\u3041-\u309f]/.test(ch) ? KANA_WEIGHT : 1));
  let best = 0;
  // runs[i + 1]: the weight of the shared run ending at question position i, for the text's previous character
  // (previous) and this one (current); only the positions listed in previousSet and currentSet are non-zero.
  let previous = new Float64Array(asked.length + 1);
  let current = new Float64Array(asked.length + 1);
  let previousSet: number[] = [];
  let currentSet: number[] = [];
  for (let j = 0; j < text.length; j++) {
    const code = text.codePointAt(j) ?? 0;
    if (code > 0xffff) j++;
    for (const i of at.get(code) ?? []) {
      const run = (previous[i] ?? 0) + (weights[i] ?? 1);
      current[i + 1] = run;
      currentSet.push(i + 1);
      if (run > best) best = run;
    }
    for (const k of previousSet) previous[k] = 0;
    previousSet.length = 0;
    const runs = previous;
    previous = current;
    current = runs;
    const set = previousSet;
    previousSet = currentSet;
    currentSet = set;
  }
  return best;
}
