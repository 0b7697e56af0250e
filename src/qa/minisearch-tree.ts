// MiniSearch's radix tree saved and restored as it is, for the index snapshot.
//
// MiniSearch.loadJS re-inserts every term, and an insert scans the children of each node it passes: a
// Japanese index has thousands of first characters under its root, so restoring 8,000 terms took
// 120-150 ms, the largest part of a start. Rebuilding the same nodes directly takes a fraction of that.
// This reads MiniSearch's private fields (`_index`, `_tree`), checked on every save and restore, with
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
