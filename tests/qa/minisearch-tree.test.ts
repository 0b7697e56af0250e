import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { restoreTree, saveTree } from '../../src/qa/minisearch-tree.ts';

const options = { fields: ['title', 'body'], storeFields: [], tokenize: (t: string) => t.split(' ') };
const documents = [
  { id: 'a', title: '法律 相談', body: '毎月 第2 水曜日 市役所 本庁舎' },
  { id: 'b', title: 'ごみ 収集', body: 'カレンダー 確認 収集 日 水曜日' },
  { id: 'c', title: '法律', body: '法律 法律 相談 予約' },
];

function built(): MiniSearch {
  const mini = new MiniSearch(options);
  mini.addAll(documents);
  return mini;
}

describe('MiniSearch tree', () => {
  it('restores an index that searches exactly like the one saved', () => {
    const original = built();
    const tree = saveTree(original);
    expect(tree).not.toBeNull();
    const restored = MiniSearch.loadJS({ ...original.toJSON(), index: [] }, options);
    expect(restoreTree(restored, JSON.parse(JSON.stringify(tree)))).toBe(true);
    expect(restored.termCount).toBe(original.termCount);
    for (const query of ['法律', '水曜日 相談', '収集', 'ない', '法']) {
      expect(restored.search(query)).toEqual(original.search(query));
      expect(restored.search(query, { prefix: true })).toEqual(original.search(query, { prefix: true }));
    }
  });

  it('refuses an object that does not hold the internals it knows', () => {
    const fake = { _index: { tree: new Map() } } as unknown as MiniSearch;
    expect(saveTree(fake)).toBeNull();
    expect(restoreTree(fake, [])).toBe(false);
  });
});
