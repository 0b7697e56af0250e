// The answer engine: question -> Answer | Decline, grounded in the indexed passages.

import { extractSchedules, fixesDates } from '../dates/schedule.ts';
import { answerScheduleQuestion } from '../dates/schedule-answer.ts';
import { contactFor, messages } from '../messages.ts';
import type { Analyzer, Token } from './analyzer.ts';
import {
  type Coverage,
  citation,
  coverage,
  extract,
  followers,
  MAX_ANSWER_CHARS,
  toSource,
} from './answer.ts';
import { chooseAnswering, MIN_COVERAGE } from './choose.ts';
import { followUpsFor } from './follow-ups.ts';
import { type Hit, isPageContact, type PassageIndex } from './index.ts';
import { listAnswer } from './lists.ts';
import { hiraganaToKatakana, katakanaToHiragana, normalizeText } from './normalize.ts';
import { analyzeQuery, type QueryAnalysis } from './query.ts';
import { parseQuestion } from './question.ts';
import {
  type Answer,
  type AnswerEngine,
  type AskOptions,
  type Declined,
  type FollowUp,
  type Municipality,
  SHARED_MUNICIPALITY,
} from './types.ts';
import { annotateYearsFor } from './years.ts';

/** Questions longer than this are not questions (pasted documents, junk). */
export const MAX_QUESTION_CHARS = 400;

/** How many ranked passages are re-ranked by coverage. */
const RERANK_DEPTH = 30;
/**
 * For a fact that must be stated (a count, a date), deeper: the short table passage that states it (総数 151,326)
 * ranks below long passages repeating the topic's words, and more so as a city adds pages about the topic.
 */
const FACT_RERANK_DEPTH = 60;
/** How much coverage counts against raw BM25 when re-ranking. */
const COVERAGE_EXPONENT = 2;
const SOURCES_RETURNED = 3;
/** The documents of this many top candidates offer their contact block to a phone or address question. */
const CONTACT_DOCUMENTS = 5;
/** A contact block brought in so ranks below what the search found itself. */
const CONTACT_SCORE_SHARE = 0.5;
/** A schedule's passage must cover the question about as well as the best passage does. */
const SCHEDULE_COVERAGE_SHARE = 0.9;
/** A date a passage lists for a schedule whose rule fixes none (10月16日). */
const LISTED_DATE = /\d+月\d+日|\d+月(上|中|下)旬/;

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
  followUps(passageId: string): readonly FollowUp[];
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
    if (m === SHARED_MUNICIPALITY) continue;
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
  ): { answer: Answer; undated: boolean } | null => {
    const inScope = schedules.filter(
      (s) => !municipality || index.passages.get(s.passageId)?.municipality === municipality,
    );
    const found =
      answerScheduleQuestion(question, inScope, at) ?? answerScheduleQuestion(rewritten, inScope, at);
    const passage = found && index.passages.get(found.schedule.passageId);
    if (!found || !passage) return null;
    const hit = { passage, score: 1, matched: [] };
    const answer: Answer = {
      answered: true,
      question,
      answer: found.text,
      citation: citation(passage),
      confidence: 1,
      municipality: passage.municipality,
      sources: [toSource(hit)],
    };
    // 年4回 or 金曜日のみ fixes no date: the passage itself may list them (10月16日、12月18日).
    return { answer, undated: !fixesDates(found.schedule.rule) };
  };

  const aboutSchedule = (answer: Answer, candidates: readonly Candidate[]): boolean => {
    const [best] = candidates;
    const own = candidates.find((c) => c.passage.id === answer.sources[0]?.passageId);
    return (
      best === undefined ||
      (own !== undefined && own.coverage.score >= best.coverage.score * SCHEDULE_COVERAGE_SHARE)
    );
  };

  const rank = (query: QueryAnalysis, municipality: Municipality | null, depth: number): Candidate[] => {
    const hits = index.search(query, {
      limit: depth,
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

  // A phone number asked about something on a page is in the page's contact block, which shares few of its
  // words: the block is matched against its whole page, and offered when the search did not find it.
  const withPageContacts = (candidates: Candidate[], query: QueryAnalysis): Candidate[] => {
    const pageCoverage = (docId: string) => coverage(query, index.documentTermsOf(docId), index.vocabulary);
    const own = candidates.map((c) =>
      isPageContact(c.passage) ? { ...c, coverage: pageCoverage(c.passage.docId) } : c,
    );
    const present = new Set(own.map((c) => c.passage.id));
    const docs = [...new Set(own.slice(0, CONTACT_DOCUMENTS).map((c) => c.passage.docId))];
    const offered = docs.flatMap((docId, i) => {
      const contact = index.contactOf(docId);
      if (!contact || present.has(contact.id)) return [];
      const score = (own[0]?.score ?? 0) * CONTACT_SCORE_SHARE;
      return [
        { passage: contact, score, matched: [], coverage: pageCoverage(docId), rank: own.length + i + 1 },
      ];
    });
    return [...own, ...offered];
  };

  const run = (raw: string, options: AskOptions = {}): Omit<Explanation, 'tokens'> => {
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
    const result = (answer: Answer, query = empty, candidates: Candidate[] = []) => ({
      question,
      query,
      municipality,
      candidates,
      answer,
    });
    if (question === '' || !/[\p{L}\p{N}]/u.test(question)) {
      return result(decline(question, 'empty', municipality));
    }
    if (question.length > MAX_QUESTION_CHARS) return result(decline(question, 'invalid', municipality));

    const analyzed = analyzeQuery(question, analyzer, index.vocabulary, isMunicipalityWord);
    // The city is a filter once known: a page seldom repeats its city's name in each section (釜石で65歳以上).
    // The name still ranks the pages about the city as a whole (釧路市の面積) above a section that lacks it.
    const query =
      municipality === null
        ? analyzed
        : {
            ...analyzed,
            terms: analyzed.terms.map((t) => (isMunicipalityWord(t.term) ? { ...t, scope: true } : t)),
          };
    const parsed = parseQuestion(question, query.rewritten);
    const { type } = parsed;
    const at = options.now ?? now();
    // Schedules answer when-questions; "how is it delivered" or "how many copies" are for the passages.
    const named = parsed.asksWhen ? answerSchedule(question, query.rewritten, municipality, at) : null;
    if (query.terms.length === 0)
      return result(named?.answer ?? decline(question, 'out_of_scope', municipality), query, []);
    const candidates = rank(query, municipality, type?.required ? FACT_RERANK_DEPTH : RERANK_DEPTH);
    // A schedule answers only what its own passage is about: one word shared with its name (ガイド in
    // 観光ガイドの依頼は何日前まで？ and ガイドになりませんか) is not the question's topic.
    const scheduled = named && aboutSchedule(named.answer, candidates) ? named : null;
    if (scheduled && !scheduled.undated) return result(scheduled.answer, query, candidates);
    const considered = type?.evident ? withPageContacts(candidates, query) : candidates;
    const chosen = chooseAnswering(considered, parsed, query, index, at);
    const top = chosen?.top;
    if (!top && scheduled) return result(scheduled.answer, query, candidates);
    if (!top) {
      const sources = candidates.slice(0, SOURCES_RETURNED).map(toSource);
      return result(
        decline(question, 'out_of_scope', municipality, candidates[0]?.coverage.score ?? 0, sources),
        query,
        candidates,
      );
    }
    const sources = [top, ...candidates.filter((c) => c.passage.id !== top.passage.id)]
      .slice(0, SOURCES_RETURNED)
      .map(toSource);
    // A list answers a question about a whole section: its headings must carry the question's words.
    const aboutSection = (headings: string[]) =>
      coverage(query, new Set(analyzer.documentTerms(headings.join(' ')).terms), index.vocabulary).score >=
      MIN_COVERAGE;
    const body =
      (!type?.required && !parsed.asksCurrent
        ? listAnswer(top, candidates, MIN_COVERAGE, aboutSection, MAX_ANSWER_CHARS)
        : null) ??
      extract(
        [top.passage, ...followers(top.passage, index, MAX_ANSWER_CHARS)],
        query,
        index.vocabulary,
        type,
        MAX_ANSWER_CHARS,
        parsed.asksCurrent ? { thisYear: at.getFullYear() } : null,
        chosen?.fact ?? null,
      );
    // The passage wins over an undated rule only where it names the dates itself.
    if (scheduled && !LISTED_DATE.test(body.split('\n')[0] ?? ''))
      return result(scheduled.answer, query, candidates);
    return result(
      {
        answered: true,
        question,
        answer: annotateYearsFor(
          chosen?.supersedes ? `${body}\n${messages.newerDocument(chosen.supersedes.title)}` : body,
          parsed.eras,
        ),
        citation: citation(top.passage),
        confidence: Math.round(top.coverage.score * 100) / 100,
        municipality: top.passage.municipality,
        sources,
      },
      query,
      candidates,
    );
  };

  const ask = (question: string, options?: AskOptions) => run(question, options).answer;

  // Worked out once per passage, on the first answer from it, and cached with the engine (a reload starts
  // afresh), not for every passage at build: on the real corpus (170 passages) checking them all took about
  // 0.6 s, paid at every start-up and console reload and growing with the corpus, while one passage's
  // checks (at most a handful of asks) take a few milliseconds the first time it answers.
  const followUpCache = new Map<string, readonly FollowUp[]>();
  const followUps = (passageId: string): readonly FollowUp[] => {
    const known = followUpCache.get(passageId);
    if (known) return known;
    const passage = index.passages.get(passageId);
    const found = passage ? followUpsFor(passage, ask, (id) => index.passages.get(id)) : [];
    followUpCache.set(passageId, found);
    return found;
  };

  return {
    // The tokens are for people reading an explanation; answering never builds them.
    explain: (question, options) => {
      const ran = run(question, options);
      return { ...ran, tokens: ran.query.rewritten === '' ? [] : analyzer.tokens(ran.query.rewritten) };
    },
    ask,
    followUps,
  };
}
