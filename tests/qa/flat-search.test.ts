// The flat postings search exactly as MiniSearch does: the same documents, scores (bit for bit), order and terms.
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { flatSearch, type QueryGroup } from '../../src/qa/minisearch-tree.ts';

const FIELDS = ['title', 'body', 'extra'] as const;
const BOOST = { title: 0.6, body: 1, extra: 0.15 };
const BM25 = { k: 1.2, b: 0.6, d: 0.5 };
/** Few words, so documents share them and scores tie; numbers are object keys that sort first. */
const WORDS = ['法律', '相談', '水曜日', 'ごみ', '収集', '2025', '10', 'カレンダー', '市役所', '予約'];

type Doc = { id: string; municipality: string } & Record<(typeof FIELDS)[number], string>;

function index(docs: Doc[]): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (t) => t.split(' ').filter((w) => w !== ''),
    processTerm: (t) => t,
    searchOptions: { boost: BOOST, bm25: BM25, combineWith: 'OR', fuzzy: false, prefix: false },
  });
  mini.addAll(docs);
  return mini;
}

const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(' '));
const docs = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    municipality: fc.constantFrom('釧路市', '釜石市', '共通'),
    title: text,
    body: text,
    extra: text,
  }),
  { selector: (d) => d.id, minLength: 1, maxLength: 25 },
);
const group = fc.record({
  queries: fc.array(
    fc.oneof(
      fc.constantFrom(...WORDS, 'ない'),
      fc.constant(''),
      fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([a, b]) => `${a} ${b}`),
    ),
    { maxLength: 6 },
  ),
  fields: fc.subarray([...FIELDS], { minLength: 1 }),
});
const weights = fc.dictionary(fc.constantFrom(...WORDS), fc.constantFrom(0.3, 0.5, 1, 1.7));

describe('flat search', () => {
  it('finds what MiniSearch finds, with the same scores, order and matched terms', () => {
    fc.assert(
      fc.property(
        docs,
        fc.array(group, { minLength: 1, maxLength: 3 }),
        weights,
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.constantFrom('釧路市', '釜石市')),
        (documents, groups: QueryGroup[], weight, limit, municipality) => {
          const mini = index(documents);
          const flat = flatSearch(mini, BOOST, BM25);
          expect(flat).not.toBeNull();
          const boostTerm = (term: string) => weight[term] ?? 1;
          const byId = new Map(documents.map((d) => [d.id, d]));
          const allows = (id: string) => {
            const m = byId.get(id)?.municipality;
            return m === municipality || m === '共通';
          };
          const expected = mini.search(
            { combineWith: 'OR', queries: groups },
            { boostTerm, ...(municipality ? { filter: (r) => allows(r.id) } : {}) },
          );
          const found = flat?.search(
            groups,
            boostTerm,
            limit,
            municipality ? { key: municipality, allows } : undefined,
          );
          expect(found?.count).toBe(expected.length);
          expect(found?.top).toEqual(
            expected.slice(0, limit).map((r) => ({ id: r.id, score: r.score, terms: r.terms })),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('declines an object that does not hold the internals it knows', () => {
    const fake = { _index: { _tree: new Map() } } as unknown as MiniSearch;
    expect(flatSearch(fake, BOOST, BM25)).toBeNull();
  });
});
