// Shared shapes of the answer engine. Everything outside qa/ talks to the engine through these.

export type Municipality = string;

/** The municipality of a document every city's channel may answer from (a prefecture-wide guide, say). */
export const SHARED_MUNICIPALITY = '共通';

/** Metadata header of one corpus document (see corpus/README.md). */
export interface DocumentMeta {
  id: string;
  title: string;
  municipality: Municipality;
  department?: string;
  period?: string;
  date?: string;
  source: string;
  sourceUrl?: string;
}

export type PassageKind = 'text' | 'table' | 'contact' | 'list';

/** The unit the index stores and an answer quotes. */
export interface Passage {
  /** `${docId}#${ordinal}`, stable for a given document text. */
  id: string;
  docId: string;
  /** Position inside its document, for "adjacent passage" logic. */
  ordinal: number;
  title: string;
  municipality: Municipality;
  /** Headings from the outermost to the innermost, e.g. ['企画課', '14 各種統計調査結果', '(1) 令和7年国勢調査結果速報値（10月1日現在）']. */
  headingPath: string[];
  kind: PassageKind;
  /** Cleaned text: lines rejoined, spaced-out words joined, tables as readable rows. */
  text: string;
  /** Publication date of its document (YYYY-MM-DD), when the header gives one. */
  documentDate?: string;
}

export interface CorpusDocument {
  meta: DocumentMeta;
  /** Raw text as stored in corpus/, header removed. */
  body: string;
}

export interface Source {
  docId: string;
  title: string;
  municipality: Municipality;
  section: string;
  excerpt: string;
  score: number;
  passageId: string;
}

export type DeclineReason = 'empty' | 'invalid' | 'out_of_scope' | 'low_confidence';

export interface Answered {
  answered: true;
  question: string;
  /** Short extractive answer for a phone, without the citation line. */
  answer: string;
  /** Where the answer comes from, as one Japanese line: （出典：title「section」／municipality）. */
  citation: string;
  confidence: number;
  municipality: Municipality | null;
  sources: Source[];
}

export interface Declined {
  answered: false;
  question: string;
  /** Polite Japanese decline pointing to a human contact. */
  answer: string;
  reason: DeclineReason;
  confidence: number;
  municipality: Municipality | null;
  sources: Source[];
}

export type Answer = Answered | Declined;

export interface AskOptions {
  /** "Now" for relative dates; defaults to the injected clock. */
  now?: Date;
  /** Restrict to one municipality's documents (plus shared ones). */
  municipality?: Municipality;
}

/** A question a resident may tap next about the same thing: `label` on the button, `text` sent. */
export interface FollowUp {
  label: string;
  text: string;
}

export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Answer;
  /**
   * Questions the engine answers from the same section as this passage (src/qa/follow-ups.ts). Optional so
   * wrappers and fakes that have none keep working; the LINE reply falls back to topic items.
   */
  followUps?(passageId: string): readonly FollowUp[];
}

/** The answer as text for a person or the JSON line contract: the answer, then its citation. */
export function answerText(answer: Answer): string {
  return answer.answered ? `${answer.answer}\n${answer.citation}` : answer.answer;
}
