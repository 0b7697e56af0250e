// The single MiniSearch configuration: passages in, ranked passages out, and snapshots.

import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { Analyzer, DocumentTerms } from './analyzer.ts';
import { compilePassage } from './facts.ts';
import {
  type DocumentFilter,
  type FlatSearch,
  flatSearch,
  type QueryGroup,
  restoreTree,
  type SavedNode,
  saveTree,
} from './minisearch-tree.ts';
import { hiraganaToKatakana } from './normalize.ts';
import type { QueryAnalysis, Vocabulary } from './query.ts';
import { buildVocabulary } from './query.ts';
import { type Passage, SHARED_MUNICIPALITY } from './types.ts';

const FIELDS = ['title', 'heading', 'body', 'reading', 'bigram'] as const;
type Field = (typeof FIELDS)[number];

/** Field weights: a question naming a section's heading is about that section. */
export const FIELD_BOOST: Record<Field, number> = {
  title: 0.6,
  heading: 2.2,
  body: 1,
  reading: 0.35,
  bigram: 0.15,
};

/** BM25+: k is term-frequency saturation, b length normalization (passages vary 20-400 chars), d the floor. */
export const BM25 = { k: 1.2, b: 0.6, d: 0.5 };

interface IndexedPassage {
  id: string;
  municipality: string;
  fields: Record<Field, string>;
}

/** Everything the analyzer derived for one passage, kept for re-ranking and explanations. */
export interface PassageTerms {
  all: Set<string>;
  heading: Set<string>;
  body: DocumentTerms;
}

export interface PassageIndex {
  search(query: QueryAnalysis, options?: { municipality?: string; limit?: number }): Hit[];
  vocabulary: Vocabulary;
  passages: Map<string, Passage>;
  termsOf(passageId: string): PassageTerms | undefined;
  /** The page's own contact block (このページに関するお問い合わせ), which answers for everything on the page. */
  contactOf(docId: string): Passage | undefined;
  /** Every term of a document's passages: what its contact block is the contact for. */
  documentTermsOf(docId: string): Set<string>;
  /** The MiniSearch index whole. */
  toJSON(): AsPlainObject;
  /** What `buildIndex` needs to restore this index instead of building it. */
  snapshot(): IndexRestore;
}

/** The heading of a page's contact block. */
const CONTACT_HEADING = /問い?合わ?せ|お問合せ|連絡先/;

export function isPageContact(passage: Passage): boolean {
  return CONTACT_HEADING.test(passage.headingPath.at(-1) ?? '');
}

export interface Hit {
  passage: Passage;
  score: number;
  matched: string[];
}

const join = (terms: string[]) => terms.join(' ');
/** Below this share of the requested hits from the main fields, the reading and bigram fields join in. */
const FALLBACK_SHARE = 0.5;

function miniSearchOptions(): Options<IndexedPassage> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => text.split(' ').filter((t) => t !== ''),
    processTerm: (term) => term,
    extractField: (doc, field) =>
      field === 'id' ? doc.id : field === 'municipality' ? doc.municipality : doc.fields[field as Field],
    searchOptions: { boost: FIELD_BOOST, bm25: BM25, combineWith: 'OR', fuzzy: false, prefix: false },
  };
}

function analyzePassage(
  passage: Passage,
  analyzer: Analyzer,
): { indexed: () => IndexedPassage; terms: PassageTerms } {
  const body = analyzer.documentTerms(passage.text);
  const heading = analyzer.documentTerms(passage.headingPath.join(' '));
  const title = analyzer.documentTerms(passage.title);
  return {
    indexed: () => ({
      id: passage.id,
      municipality: passage.municipality,
      fields: {
        title: join(title.terms),
        heading: join(heading.terms),
        body: join(body.terms),
        reading: join([...body.readings, ...heading.readings]),
        bigram: join([...body.bigrams, ...heading.bigrams]),
      },
    }),
    terms: {
      all: new Set([...body.terms, ...heading.terms, ...title.terms]),
      heading: new Set(heading.terms),
      body,
    },
  };
}

/** `snapshot()` of an index built from the same passages by the same analyzer and code. */
export interface IndexRestore {
  /** MiniSearch's JSON; without its terms when `tree` holds them. */
  miniSearch: AsPlainObject;
  tree: SavedNode | null;
  vocabulary: {
    df: Array<[string, number]>;
    spellings: Array<[string, string]>;
    looseSpellings: Array<[string, string]>;
    documentCount: number;
  };
}

/**
 * With `restore`, MiniSearch and the vocabulary are loaded whole instead of re-adding every passage
 * (most of a build once the terms are replayed); the caller vouches that they were built from these passages.
 */
function restoreMiniSearch(restore: IndexRestore): MiniSearch<IndexedPassage> | null {
  const mini = MiniSearch.loadJS<IndexedPassage>(restore.miniSearch, miniSearchOptions());
  return restore.tree === null || restoreTree(mini, restore.tree) ? mini : null;
}

export function buildIndex(passages: Passage[], analyzer: Analyzer, restore?: IndexRestore): PassageIndex {
  const analyzed = passages.map((p) => analyzePassage(p, analyzer));
  const restored = restore ? restoreMiniSearch(restore) : null;
  const mini = restored ?? new MiniSearch<IndexedPassage>(miniSearchOptions());
  if (!restored) mini.addAll(analyzed.map((a) => a.indexed()));
  const termsById = new Map(passages.map((p, i) => [p.id, (analyzed[i] as (typeof analyzed)[number]).terms]));
  const vocabulary: Vocabulary =
    restored && restore
      ? {
          df: new Map(restore.vocabulary.df),
          spellings: new Map(restore.vocabulary.spellings),
          looseSpellings: new Map(restore.vocabulary.looseSpellings),
          documentCount: restore.vocabulary.documentCount,
        }
      : buildVocabulary(analyzed.map((a) => ({ terms: [...a.terms.all], spelled: a.terms.body.spelled })));
  const byId = new Map(passages.map((p) => [p.id, p]));
  // Units are cut with the index, so no question waits for a passage to be read; the kinds of fact each
  // states are looked up once, when a question first needs them.
  for (const p of passages) compilePassage(p);
  const contacts = new Map<string, Passage>();
  const byDocument = new Map<string, Passage[]>();
  for (const p of passages) {
    if (isPageContact(p)) contacts.set(p.docId, p);
    const own = byDocument.get(p.docId);
    if (own) own.push(p);
    else byDocument.set(p.docId, [p]);
  }
  const documentTerms = new Map<string, Set<string>>();
  // Laid out at the first search, not on the way to ready. Null only if MiniSearch's internals were not the
  // ones expected: then MiniSearch searches itself.
  let flat: FlatSearch | null | undefined;
  const flatIndex = () => {
    if (flat === undefined) flat = flatSearch(mini, FIELD_BOOST, BM25);
    return flat;
  };
  const filters = new Map<string, DocumentFilter>();
  const filterFor = (municipality: string): DocumentFilter => {
    let filter = filters.get(municipality);
    if (!filter) {
      filter = {
        key: municipality,
        allows: (id) => {
          const m = byId.get(id)?.municipality;
          return m === municipality || m === SHARED_MUNICIPALITY;
        },
      };
      filters.set(municipality, filter);
    }
    return filter;
  };

  return {
    vocabulary,
    passages: byId,
    termsOf: (id) => termsById.get(id),
    contactOf: (docId) => contacts.get(docId),
    documentTermsOf(docId) {
      let terms = documentTerms.get(docId);
      if (!terms) {
        terms = new Set((byDocument.get(docId) ?? []).flatMap((p) => [...(termsById.get(p.id)?.all ?? [])]));
        documentTerms.set(docId, terms);
      }
      return terms;
    },
    toJSON: () => mini.toJSON(),
    snapshot: () => {
      const tree = saveTree(mini);
      return {
        miniSearch: tree ? { ...mini.toJSON(), index: [] } : mini.toJSON(),
        tree,
        vocabulary: {
          df: [...vocabulary.df],
          spellings: [...vocabulary.spellings],
          looseSpellings: [...vocabulary.looseSpellings],
          documentCount: vocabulary.documentCount,
        },
      };
    },
    search(query, options = {}) {
      const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
      const readings = query.terms
        .filter((t) => t.origin !== 'synonym')
        .map((t) => hiraganaToKatakana(analyzer.readingOf(t.term)));
      const bigrams = query.terms.flatMap((t) =>
        t.term.length < 2 ? [] : Array.from({ length: t.term.length - 1 }, (_, i) => t.term.slice(i, i + 2)),
      );
      const main = query.terms.map((t) => t.term);
      const filter = options.municipality ? filterFor(options.municipality) : undefined;
      const boostTerm = (term: string) => weights.get(term) ?? 1;
      const limit = options.limit ?? 10;
      const mainQuery: QueryGroup = { queries: main, fields: ['title', 'heading', 'body'] };
      // Readings and bigrams rescue questions the main fields barely match; otherwise they only cost time.
      const fallback: QueryGroup[] = [
        mainQuery,
        { queries: readings, fields: ['reading'] },
        { queries: bigrams, fields: ['bigram'] },
      ];
      let results: Array<{ id: string; score: number; terms: string[] }>;
      const flat = flatIndex();
      if (flat) {
        const found = flat.search([mainQuery], boostTerm, limit, filter);
        results = (
          found.count < limit * FALLBACK_SHARE ? flat.search(fallback, boostTerm, limit, filter) : found
        ).top;
      } else {
        const searchOptions = {
          boostTerm,
          ...(filter ? { filter: (r: SearchResult) => filter.allows(r.id) } : {}),
        };
        results = mini.search({ combineWith: 'OR', queries: [mainQuery] }, searchOptions);
        if (results.length < limit * FALLBACK_SHARE)
          results = mini.search({ combineWith: 'OR', queries: fallback }, searchOptions);
      }
      return results.slice(0, limit).flatMap((r) => {
        const passage = byId.get(r.id);
        return passage ? [{ passage, score: r.score, matched: r.terms }] : [];
      });
    },
  };
}
