// MiniSearch's internals read directly: its radix tree saved and restored as it is, for the index snapshot,
// and its postings laid out flat, for search.
//
// MiniSearch.loadJS re-inserts every term, and an insert scans the children of each node it passes: a
// Japanese index has thousands of first characters under its root, so restoring 8,000 terms took
// 120-150 ms, the largest part of a start. Rebuilding the same nodes directly takes a fraction of that.
// This reads MiniSearch's private fields (`_index`, `_tree`, the field lengths), checked each time, with
// minisearch pinned to one version: where they are not as expected, the caller rebuilds the index.

import type MiniSearch from 'minisearch';

/** The key under which a radix node keeps its value (MiniSearch's LEAF). */
const LEAF = '';

type Postings = Map<number, Map<number, number>>;
type RadixNode = Map<string, RadixNode | Postings>;

/** A node as [key, child, key, child, ...]; a LEAF child is [fieldId, [doc, freq, doc, freq, ...], ...]. */
export type SavedNode = Array<string | SavedNode | SavedPostings>;
export type SavedPostings = Array<number | number[]>;

interface Internals {
  _index: { _tree: RadixNode; constructor: new (tree: RadixNode) => unknown };
}

function internals<T>(mini: MiniSearch<T>): Internals['_index'] | null {
  const index = (mini as unknown as Partial<Internals>)._index;
  return index && index._tree instanceof Map ? index : null;
}

function savePostings(postings: Postings): SavedPostings {
  const out: SavedPostings = [];
  for (const [field, docs] of postings) {
    const flat: number[] = [];
    for (const [doc, freq] of docs) flat.push(doc, freq);
    out.push(field, flat);
  }
  return out;
}

function saveNode(node: RadixNode): SavedNode {
  const out: SavedNode = [];
  for (const [key, child] of node) {
    out.push(key, key === LEAF ? savePostings(child as Postings) : saveNode(child as RadixNode));
  }
  return out;
}

function restorePostings(saved: SavedPostings): Postings {
  const postings: Postings = new Map();
  for (let i = 0; i + 1 < saved.length; i += 2) {
    const flat = saved[i + 1] as number[];
    const docs = new Map<number, number>();
    for (let j = 0; j + 1 < flat.length; j += 2) docs.set(flat[j] as number, flat[j + 1] as number);
    postings.set(saved[i] as number, docs);
  }
  return postings;
}

function restoreNode(saved: SavedNode): RadixNode {
  const node: RadixNode = new Map();
  for (let i = 0; i + 1 < saved.length; i += 2) {
    const key = saved[i] as string;
    const child = saved[i + 1] as SavedNode;
    node.set(key, key === LEAF ? restorePostings(child as SavedPostings) : restoreNode(child));
  }
  return node;
}

/** The tree of a MiniSearch index, or null when its internals are not the ones this module knows. */
export function saveTree<T>(mini: MiniSearch<T>): SavedNode | null {
  const index = internals(mini);
  return index ? saveNode(index._tree) : null;
}

/** Puts a saved tree into `mini` (loaded from its JSON without terms); false when that is not possible. */
export function restoreTree<T>(mini: MiniSearch<T>, saved: SavedNode): boolean {
  const index = internals(mini);
  if (!index) return false;
  (mini as unknown as Internals)._index = new index.constructor(restoreNode(saved)) as Internals['_index'];
  return true;
}

// Flat postings, for search. MiniSearch looks every term up in the radix tree and builds a result object per
// document per term, most of an answer at 100x the corpus. The same OR query over typed arrays gives the same
// scores, bit for bit: each sum is taken in MiniSearch's order, and ties keep the order it finds documents in.

/** A term's postings in one field, in the order of MiniSearch's own maps (the order that breaks ties). */
interface FieldPostings {
  docs: Int32Array;
  freqs: Float64Array;
}

interface FlatTerm {
  /** By field id; undefined where the term is not in the field. */
  fields: Array<FieldPostings | undefined>;
  postings: Postings;
}

interface DocumentInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, string>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
}

/** BM25+ parameters, as MiniSearch takes them. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** A group of the OR query: its subqueries (each split at spaces, like the index's tokenizer) over its fields. */
export interface QueryGroup {
  queries: string[];
  fields: string[];
}

export interface FlatResult {
  /** Documents the query matched that passed the filter: MiniSearch's `results.length`. */
  count: number;
  /** The best `limit` as MiniSearch's sorted results would start: id, score, matched terms. */
  top: Array<{ id: string; score: number; terms: string[] }>;
}

/** MiniSearch's `filter` on a document id; the same key must always mean the same filter (its mask is kept). */
export interface DocumentFilter {
  key: string;
  allows(id: string): boolean;
}

export interface FlatSearch {
  /**
   * MiniSearch's `search({ combineWith: 'OR', queries: groups }, { boostTerm, filter })` for exact terms (no
   * prefix, no fuzzy), reduced to its count and its first `limit` results. A filtered-out document is skipped
   * before it is scored: every other document's sums are its own.
   */
  search(
    groups: readonly QueryGroup[],
    boostTerm: (term: string) => number,
    limit: number,
    filter?: DocumentFilter,
  ): FlatResult;
}

/** Integer-like keys come first in an object, ascending: MiniSearch's matched terms are an object's keys. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
function objectKeyOrder(terms: string[]): string[] {
  const indices = terms.filter((t) => ARRAY_INDEX.test(t) && Number(t) < 2 ** 32 - 1);
  if (indices.length === 0) return terms;
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...terms.filter((t) => !indices.includes(t))];
}

/** One level of the query's sums (a term, a subquery, a group, the whole): each starts at its first part. */
class Sums {
  readonly score: Float64Array;
  readonly #stamp: Int32Array;
  #generation = 0;
  touched: number[] = [];
  constructor(size: number) {
    this.score = new Float64Array(size);
    this.#stamp = new Int32Array(size);
  }
  begin(): void {
    this.#generation++;
    this.touched = [];
  }
  /** Adds `value` to the document's sum; true when this was its first part. */
  add(doc: number, value: number): boolean {
    if (this.#stamp[doc] !== this.#generation) {
      this.#stamp[doc] = this.#generation;
      this.score[doc] = value;
      this.touched.push(doc);
      return true;
    }
    this.score[doc] = (this.score[doc] as number) + value;
    return false;
  }
  has(doc: number): boolean {
    return this.#stamp[doc] === this.#generation;
  }
}

/** Flat postings over a MiniSearch index, or null when its internals are not the ones this module knows. */
export function flatSearch<T>(
  mini: MiniSearch<T>,
  fieldBoost: Readonly<Record<string, number>>,
  bm25: Bm25Params,
): FlatSearch | null {
  const index = internals(mini);
  const docs = mini as unknown as Partial<DocumentInternals>;
  if (
    !index ||
    typeof docs._documentCount !== 'number' ||
    typeof docs._nextId !== 'number' ||
    !(docs._documentIds instanceof Map) ||
    !(docs._fieldLength instanceof Map) ||
    !Array.isArray(docs._avgFieldLength) ||
    typeof docs._fieldIds !== 'object' ||
    docs._fieldIds === null
  )
    return null;
  const { _documentCount: documentCount, _documentIds: ids, _fieldIds: fieldIds } = docs as DocumentInternals;
  const size = docs._nextId;
  const average = docs._avgFieldLength;
  // k * (1 - b + b * length / average) of every document and field, as MiniSearch computes it per posting.
  const norms = average.map((avg, field) => {
    const norm = new Float64Array(size);
    for (const [doc, lengths] of docs._fieldLength as Map<number, number[]>)
      norm[doc] = bm25.k * (1 - bm25.b + (bm25.b * (lengths[field] as number)) / avg);
    return norm;
  });
  const terms = new Map<string, FlatTerm>();
  const walk = (node: RadixNode, prefix: string) => {
    for (const [key, child] of node) {
      if (key !== LEAF) {
        walk(child as RadixNode, prefix + key);
        continue;
      }
      const postings = child as Postings;
      const fields: Array<FieldPostings | undefined> = [];
      for (const [field, freqs] of postings) {
        const flat = { docs: new Int32Array(freqs.size), freqs: new Float64Array(freqs.size) };
        let i = 0;
        for (const [doc, freq] of freqs) {
          flat.docs[i] = doc;
          flat.freqs[i] = freq;
          i++;
        }
        fields[field] = flat;
      }
      terms.set(prefix, { fields, postings });
    }
  };
  walk(index._tree, '');

  const token = new Sums(size);
  const subquery = new Sums(size);
  const group = new Sums(size);
  const whole = new Sums(size);
  const quality = new Int32Array(size);
  const masks = new Map<string, Uint8Array>();
  const maskOf = (filter: DocumentFilter): Uint8Array => {
    let mask = masks.get(filter.key);
    if (!mask) {
      mask = new Uint8Array(size);
      for (const [doc, id] of ids) mask[doc] = filter.allows(id) ? 1 : 0;
      masks.set(filter.key, mask);
    }
    return mask;
  };
  const kPlusOne = bm25.k + 1;
  const fieldNames: string[] = [];
  for (const [name, id] of Object.entries(fieldIds)) fieldNames[id] = name;

  /** MiniSearch's termResults for one term over the group's fields, into `token`. */
  const scoreTerm = (term: string, boost: number, fields: readonly number[], mask: Uint8Array | null) => {
    token.begin();
    const entry = terms.get(term);
    if (!entry) return;
    for (const field of fields) {
      const postings = entry.fields[field];
      if (!postings) continue;
      const matching = postings.docs.length;
      const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
      const weight = 1 * boost * (fieldBoost[fieldNames[field] as string] || 1) * 1;
      const norm = norms[field] as Float64Array;
      const { docs: list, freqs } = postings;
      for (let i = 0; i < matching; i++) {
        const doc = list[i] as number;
        if (mask && mask[doc] === 0) continue;
        const freq = freqs[i] as number;
        token.add(doc, weight * (idf * (bm25.d + (freq * kPlusOne) / (freq + (norm[doc] as number)))));
      }
    }
  };
  /** The query's terms the document holds in a group's fields, in the order MiniSearch records them. */
  const matchedTerms = (doc: number, plan: ReadonlyArray<{ fields: number[]; queries: string[][] }>) => {
    const matched: string[] = [];
    for (const g of plan)
      for (const q of g.queries)
        for (const term of q) {
          const postings = terms.get(term)?.postings;
          if (postings && !matched.includes(term) && g.fields.some((f) => postings.get(f)?.has(doc)))
            matched.push(term);
        }
    return objectKeyOrder(matched);
  };

  return {
    search(groups, boostTerm, limit, filter) {
      const mask = filter ? maskOf(filter) : null;
      const plan = groups.map((g) => ({
        fields: g.fields.map((f) => fieldIds[f]).filter((f): f is number => f !== undefined),
        queries: g.queries.map((q) => q.split(' ').filter((t) => t !== '')),
      }));
      // A term that occurs more than once in the query counts once towards a document's matched terms.
      const occurrences = new Map<string, number>();
      for (const g of plan)
        for (const q of g.queries) for (const t of q) occurrences.set(t, (occurrences.get(t) ?? 0) + 1);
      const counted = new Map<string, Uint8Array>();
      whole.begin();
      for (const g of plan) {
        group.begin();
        for (const q of g.queries) {
          subquery.begin();
          for (const term of q) {
            scoreTerm(term, boostTerm(term), g.fields, mask);
            let seen: Uint8Array | undefined;
            if ((occurrences.get(term) ?? 0) > 1) {
              seen = counted.get(term) ?? new Uint8Array(size);
              counted.set(term, seen);
            }
            for (const doc of token.touched) {
              subquery.add(doc, token.score[doc] as number);
              // The whole query's sum starts at 0, which adds exactly: 0 + x is x.
              if (whole.add(doc, 0)) quality[doc] = 0;
              if (!seen) quality[doc] = (quality[doc] as number) + 1;
              else if (seen[doc] === 0) {
                seen[doc] = 1;
                quality[doc] = (quality[doc] as number) + 1;
              }
            }
          }
          for (const doc of subquery.touched) group.add(doc, subquery.score[doc] as number);
        }
        for (const doc of group.touched) whole.add(doc, group.score[doc] as number);
      }

      // A stable sort by score, cut at `limit`: on a tie the document found first stays first.
      const top: Array<{ doc: number; score: number }> = [];
      for (const doc of whole.touched) {
        const score = (whole.score[doc] as number) * (quality[doc] as number);
        if (top.length === limit && score <= (top[limit - 1] as { score: number }).score) continue;
        let at = top.length;
        while (at > 0 && (top[at - 1] as { score: number }).score < score) at--;
        top.splice(at, 0, { doc, score });
        if (top.length > limit) top.pop();
      }
      return {
        count: whole.touched.length,
        top: top.map(({ doc, score }) => ({
          id: ids.get(doc) as string,
          score,
          terms: matchedTerms(doc, plan),
        })),
      };
    },
  };
}
