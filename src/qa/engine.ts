// The answer engine: question -> Answer | Decline, grounded in the indexed passages.

import { findEraExpressions } from '../dates/era.ts';
import { extractSchedules } from '../dates/schedule.ts';
import { answerScheduleQuestion } from '../dates/schedule-answer.ts';
import { contactFor, messages } from '../messages.ts';
import type { Analyzer, Token } from './analyzer.ts';
import {
  type Coverage,
  citation,
  coverage,
  cut as cutText,
  extract,
  factStrength,
  followers,
  MAX_ANSWER_CHARS,
  sectionOf,
  toSource,
  units,
} from './answer.ts';
import { type AnswerType, answerTypeOf } from './answer-type.ts';
import type { Hit, PassageIndex } from './index.ts';
import { hiraganaToKatakana, katakanaToHiragana, normalizeText } from './normalize.ts';
import { analyzeQuery, type QueryAnalysis } from './query.ts';
import type { Answer, AnswerEngine, AskOptions, Declined, Municipality, Passage } from './types.ts';

/** Questions longer than this are not questions (pasted documents, junk). */
export const MAX_QUESTION_CHARS = 400;
/** Below this share of the question's key terms found in the best passage, the engine declines. */
export const MIN_COVERAGE = 0.5;
/** How many ranked passages are re-ranked by coverage. */
const RERANK_DEPTH = 30;
/** How much coverage counts against raw BM25 when re-ranking. */
const COVERAGE_EXPONENT = 2;
const SOURCES_RETURNED = 3;
const WHEN_TYPES = new Set(['date', 'time']);
const HOW_QUESTION = /どうやって|どのように|どうすれば|どうしたら|方法|どこで/;

/** The newest year a passage states, as a 0..RECENCY_WEIGHT bonus between OLDEST_YEAR and now. */
function recency(passage: Passage): number {
  // Years still to come are targets and projections, not the current figure.
  const thisYear = new Date().getFullYear();
  const years = findEraExpressions(passage.text)
    .map((e) => e.year)
    .filter((y) => y <= thisYear);
  if (years.length === 0) return 0;
  const share = (Math.max(...years) - OLDEST_YEAR) / (thisYear - OLDEST_YEAR);
  return RECENCY_WEIGHT * Math.min(1, Math.max(0, share));
}
/** A figure stated only for years to come (平成52年に13万8千人) is a target, not the current figure. */
function onlyFutureYears(text: string): boolean {
  const years = findEraExpressions(text).map((e) => e.year);
  return years.length > 0 && years.every((y) => y > new Date().getFullYear());
}
const OLDEST_YEAR = 1950;
const isFigure = (type: AnswerType | null) =>
  type !== null &&
  (type.name === 'people' ||
    type.name === 'percent' ||
    type.name === 'money' ||
    type.name.startsWith('count'));
/** Statistics tables are where a city states its figures. */
const TABLE_FACT_BONUS = 0.3;
/** How much the retrieval rank counts beside how well a passage states the fact. */
const RANK_WEIGHT = 0.5;
const RECENCY_WEIGHT = 0.5;

/** Records scoring within this share of the best are equally what the question asks for: list them all. */
const LIST_SCORE_SHARE = 0.8;
const MIN_LIST_ITEMS = 2;
/** How far down the ranking to look for a passage that holds the kind of fact asked for. */
const FACT_SEARCH_DEPTH = 30;

export interface Candidate extends Hit {
  coverage: Coverage;
  rank: number;
}

export interface Explanation {
  question: string;
  tokens: Token[];
  query: QueryAnalysis;
  municipality: Municipality | null;
  candidates: Candidate[];
  answer: Answer;
}

export interface Engine extends AnswerEngine {
  explain(question: string, options?: AskOptions): Explanation;
}

export interface EngineParts {
  analyzer: Analyzer;
  index: PassageIndex;
  /** "Now" for schedule questions when the caller gives none (KOTAE_NOW in tests and trials). */
  now?: () => Date;
}

/** Names a resident may use for each municipality: 釧路市, 釧路, くしろ. */
function municipalityAliases(
  municipalities: Iterable<Municipality>,
  analyzer: Analyzer,
): Array<[string, Municipality]> {
  const aliases: Array<[string, Municipality]> = [];
  for (const m of new Set(municipalities)) {
    const stem = m.replace(/[市町村区]$/, '');
    const reading = katakanaToHiragana(analyzer.readingOf(stem));
    for (const alias of new Set([m, stem, reading, hiraganaToKatakana(reading)])) {
      if (alias.length >= 2) aliases.push([normalizeText(alias), m]);
    }
  }
  return aliases.sort((a, b) => b[0].length - a[0].length);
}

function cleanQuestion(raw: string): string {
  return raw
    .toWellFormed()
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .trim();
}

/** Records of one section (sister cities, each its own passage) that a question cannot tell apart. */
function listSiblings(top: Candidate, candidates: Candidate[]): Candidate[] {
  const section = sectionOf(top.passage);
  return candidates
    .filter(
      (c) =>
        c.passage.docId === top.passage.docId &&
        sectionOf(c.passage) === section &&
        c.coverage.score >= MIN_COVERAGE &&
        c.score >= top.score * LIST_SCORE_SHARE,
    )
    .sort((a, b) => a.passage.ordinal - b.passage.ordinal);
}

/** Subsections of one section ((1) 学校基本調査, (2) 経済センサス) that all match a question about the section. */
function listSubsections(top: Candidate, candidates: Candidate[]): { parent: string[]; items: string[] } {
  const peers = candidates.filter(
    (c) =>
      c.passage.docId === top.passage.docId &&
      c.coverage.score >= MIN_COVERAGE &&
      c.score >= top.score * LIST_SCORE_SHARE,
  );
  const depth = commonPrefixLength(peers.map((c) => c.passage.headingPath));
  const parent = top.passage.headingPath.slice(0, depth);
  if (depth === 0 || peers.some((c) => c.passage.headingPath.length <= depth)) return { parent, items: [] };
  const headings = peers
    .sort((a, b) => a.passage.ordinal - b.passage.ordinal)
    .map((c) => c.passage.headingPath[depth] ?? '');
  return { parent, items: [...new Set(headings)] };
}

function commonPrefixLength(paths: string[][]): number {
  const [first = []] = paths;
  let n = 0;
  while (n < first.length && paths.every((p) => p[n] === first[n])) n++;
  return n;
}

/** The first line of each record: its name or title. */
function summarizeList(items: Candidate[], budget: number): string {
  const share = Math.floor(budget / items.length);
  return items.map((c) => cutText(units(c.passage.text)[0] ?? c.passage.text, share)).join('\n');
}

export function createEngine({ analyzer, index, now = () => new Date() }: EngineParts): Engine {
  const schedules = extractSchedules([...index.passages.values()]);
  const aliases = municipalityAliases(
    [...index.passages.values()].map((p) => p.municipality),
    analyzer,
  );

  const municipalityWords = new Set([...aliases.map(([alias]) => alias), '市', '町', '村']);
  const isMunicipalityWord = (term: string) => municipalityWords.has(term);

  const detectMunicipality = (question: string): Municipality | null => {
    const text = normalizeText(question);
    const found = new Set(aliases.filter(([alias]) => text.includes(alias)).map(([, m]) => m));
    return found.size === 1 ? ([...found][0] ?? null) : null;
  };

  const decline = (
    question: string,
    reason: Declined['reason'],
    municipality: Municipality | null,
    confidence = 0,
    sources: Declined['sources'] = [],
  ): Declined => ({
    answered: false,
    question,
    reason,
    confidence,
    municipality,
    sources,
    answer:
      reason === 'empty'
        ? messages.declineEmpty
        : reason === 'invalid'
          ? messages.declineInvalid
          : messages.declineOutOfScope(contactFor(municipality)),
  });

  const answerSchedule = (
    question: string,
    rewritten: string,
    municipality: Municipality | null,
    at: Date,
  ): Answer | null => {
    const inScope = schedules.filter(
      (s) => !municipality || index.passages.get(s.passageId)?.municipality === municipality,
    );
    const found =
      answerScheduleQuestion(question, inScope, at) ?? answerScheduleQuestion(rewritten, inScope, at);
    const passage = found && index.passages.get(found.schedule.passageId);
    if (!found || !passage) return null;
    const hit = { passage, score: 1, matched: [] };
    return {
      answered: true,
      question,
      answer: `${found.text}\n${citation(passage)}`,
      confidence: 1,
      municipality: passage.municipality,
      sources: [toSource(hit)],
    };
  };

  const rank = (query: QueryAnalysis, municipality: Municipality | null): Candidate[] => {
    const hits = index.search(query, {
      limit: RERANK_DEPTH,
      ...(municipality ? { municipality } : {}),
    });
    return hits
      .map((hit) => {
        const terms = index.termsOf(hit.passage.id)?.all ?? new Set<string>();
        const cov = coverage(query, terms, index.vocabulary);
        return { ...hit, coverage: cov, score: hit.score * cov.score ** COVERAGE_EXPONENT, rank: 0 };
      })
      .sort((a, b) => b.score - a.score)
      .map((c, i) => ({ ...c, rank: i + 1 }));
  };

  const explain = (raw: string, options: AskOptions = {}): Explanation => {
    const question = cleanQuestion(typeof raw === 'string' ? raw : '');
    const municipality = options.municipality ?? detectMunicipality(question);
    const empty: QueryAnalysis = {
      rewritten: '',
      terms: [],
      unknown: [],
      synonymsApplied: [],
      corrections: [],
      focus: [],
    };
    const result = (answer: Answer, query = empty, candidates: Candidate[] = [], tokens: Token[] = []) => ({
      question,
      tokens,
      query,
      municipality,
      candidates,
      answer,
    });
    if (question === '' || !/[\p{L}\p{N}]/u.test(question)) {
      return result(decline(question, 'empty', municipality));
    }
    if (question.length > MAX_QUESTION_CHARS) return result(decline(question, 'invalid', municipality));

    const query = analyzeQuery(question, analyzer, index.vocabulary, isMunicipalityWord);
    const tokens = analyzer.tokens(query.rewritten);
    const type = answerTypeOf(question);
    // Schedules answer when-questions; "how is it delivered" or "how many copies" are for the passages.
    const whenQuestion = !HOW_QUESTION.test(question) && (type === null || WHEN_TYPES.has(type.name));
    const scheduled = whenQuestion
      ? answerSchedule(question, query.rewritten, municipality, options.now ?? now())
      : null;
    if (scheduled) return result(scheduled, query, [], tokens);
    if (query.terms.length === 0)
      return result(decline(question, 'out_of_scope', municipality), query, [], tokens);
    const candidates = rank(query, municipality);
    // A definition may sit in any passage that names the term; a required fact is looked for near the top.
    const answerable = candidates
      .filter((c) => c.coverage.score >= MIN_COVERAGE)
      .slice(0, type?.required === false ? RERANK_DEPTH : FACT_SEARCH_DEPTH);
    // A figure asked for without a year means the latest one the documents give.
    const asksLatest = isFigure(type) && findEraExpressions(question).length === 0;
    const strength = (c: Candidate) =>
      factStrength(
        [c.passage, ...followers(c.passage, index, MAX_ANSWER_CHARS)],
        query,
        type,
        index.vocabulary,
        asksLatest ? (unit) => !onlyFutureYears(unit) : undefined,
      );
    // A required kind of fact (a date, a count) must be there; a preferred one (a definition) only picks among passages.
    const weighed = answerable
      .map((c) => ({ c, strength: type ? strength(c) : 1 }))
      .map((w) => ({
        ...w,
        strength: w.strength > 0 && asksLatest ? w.strength + recency(w.c.passage) : w.strength,
      }))
      .filter((w) => w.strength > 0 || !type?.required);
    const topScore = Math.max(...weighed.map((w) => w.c.score), Number.MIN_VALUE);
    const merit = (w: (typeof weighed)[number]) =>
      w.strength +
      (w.strength > 0 && isFigure(type) && w.c.passage.kind === 'table' ? TABLE_FACT_BONUS : 0) +
      RANK_WEIGHT * (w.c.score / topScore);
    const chosen = weighed.reduce<(typeof weighed)[number] | undefined>(
      (best, w) => (!best || merit(w) > merit(best) ? w : best),
      undefined,
    )?.c;
    const sources = candidates.slice(0, SOURCES_RETURNED).map(toSource);
    if (!chosen) {
      return result(
        decline(question, 'out_of_scope', municipality, candidates[0]?.coverage.score ?? 0, sources),
        query,
        candidates,
        tokens,
      );
    }
    const top = chosen;
    // A list answers a question about a whole section: its headings must carry the question's words.
    const aboutSection = (headings: string[]) =>
      coverage(query, new Set(analyzer.documentTerms(headings.join(' ')).terms), index.vocabulary).score >=
      MIN_COVERAGE;
    const siblings = type === null ? listSiblings(top, candidates) : [];
    const subsections = type === null ? listSubsections(top, candidates) : { parent: [], items: [] };
    const listable = (paths: string[]) => aboutSection([top.passage.title, ...paths]);
    const body =
      siblings.length >= MIN_LIST_ITEMS && listable(top.passage.headingPath)
        ? summarizeList(siblings, MAX_ANSWER_CHARS)
        : subsections.items.length >= MIN_LIST_ITEMS && listable(subsections.parent)
          ? subsections.items.join('\n')
          : extract(
              [top.passage, ...followers(top.passage, index, MAX_ANSWER_CHARS)],
              query,
              index.vocabulary,
              type,
              MAX_ANSWER_CHARS,
            );
    return result(
      {
        answered: true,
        question,
        answer: `${body}\n${citation(top.passage)}`,
        confidence: Math.round(top.coverage.score * 100) / 100,
        municipality: top.passage.municipality,
        sources,
      },
      query,
      candidates,
      tokens,
    );
  };

  return {
    explain,
    ask: (question, options) => explain(question, options).answer,
  };
}
