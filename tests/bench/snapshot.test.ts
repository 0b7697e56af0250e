import { beforeAll, describe, expect, it } from 'vitest';
import { type Analyzer, createAnalyzer } from '../../src/qa/analyzer.ts';
import { type Dictionaries, parseDictionaries } from '../../src/qa/dictionaries.ts';
import { buildIndex } from '../../src/qa/index.ts';
import {
  cachingAnalyzer,
  parseSnapshot,
  SNAPSHOT_VERSION,
  type TermSnapshot,
} from '../../src/qa/snapshot.ts';
import type { Passage } from '../../src/qa/types.ts';
import { yearTerms } from '../../src/qa/years.ts';
import { loadTokenizer } from '../../src/tokenizer.ts';

const TEXTS = [
  '無料法律相談は毎月第2水曜日、市役所本庁舎で行います。',
  'くしろステイメンバースカード発行枚数 778枚（令和7年度）',
  '長期滞在・移住に関する相談対応と情報発信により、長期滞在者の受入を行う。',
  '東京事務所 電話 (03) 3263-1992',
];

const passages: Passage[] = TEXTS.map((text, ordinal) => ({
  id: `doc#${ordinal}`,
  docId: 'doc',
  ordinal,
  title: '釧路市の案内',
  municipality: '釧路市',
  headingPath: ['相談', `項目${ordinal}`],
  kind: 'text',
  text,
}));

let tokenizer: Awaited<ReturnType<typeof loadTokenizer>>;

function dictionaries(stopwords: string): Dictionaries {
  const parsed = parseDictionaries({ userTerms: '法律相談\tホウリツソウダン\n', synonyms: '', stopwords });
  if (!parsed.success) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}

/** A real analyzer whose documentTerms calls are counted. */
function countingAnalyzer(stopwords = 'する\n'): { analyzer: Analyzer; calls: () => number } {
  const inner = createAnalyzer({ tokenizer, dictionaries: dictionaries(stopwords), extraTerms: yearTerms });
  let calls = 0;
  return {
    analyzer: {
      ...inner,
      documentTerms(text) {
        calls += 1;
        return inner.documentTerms(text);
      },
    },
    calls: () => calls,
  };
}

function recorded(analyzer: Analyzer): TermSnapshot {
  const caching = cachingAnalyzer(analyzer);
  buildIndex(passages, caching.analyzer);
  return caching.snapshot();
}

beforeAll(async () => {
  tokenizer = await loadTokenizer();
});

describe('index snapshot', () => {
  it('replays recorded terms instead of analyzing the same texts again', () => {
    const snapshot = recorded(countingAnalyzer().analyzer);
    const counting = countingAnalyzer();
    const caching = cachingAnalyzer(counting.analyzer, snapshot);
    const before = counting.calls();
    buildIndex(passages, caching.analyzer);
    expect(counting.calls()).toBe(before);
    expect(caching.stats().analyzed).toBe(0);
    expect(caching.stats().replayed).toBeGreaterThan(0);
  });

  it('builds the same index from a snapshot as from the texts', () => {
    const { analyzer } = countingAnalyzer();
    const fresh = buildIndex(passages, analyzer);
    const replayed = buildIndex(passages, cachingAnalyzer(analyzer, recorded(analyzer)).analyzer);
    expect(JSON.stringify(replayed.toJSON())).toBe(JSON.stringify(fresh.toJSON()));
    expect([...replayed.vocabulary.df]).toEqual([...fresh.vocabulary.df]);
  });

  it('analyzes only the texts the snapshot does not hold', () => {
    const snapshot = recorded(countingAnalyzer().analyzer);
    const caching = cachingAnalyzer(countingAnalyzer().analyzer, snapshot);
    const changed = passages.map((p, i) => (i === 0 ? { ...p, text: `${p.text}受付は午前9時から。` } : p));
    buildIndex(changed, caching.analyzer);
    expect(caching.stats().analyzed).toBe(1);
    expect(caching.snapshot().entries.map(([text]) => text)).toContain(changed[0]?.text);
  });

  it('ignores a snapshot recorded with other dictionaries', () => {
    const snapshot = recorded(countingAnalyzer('する\n').analyzer);
    const caching = cachingAnalyzer(countingAnalyzer('する\n相談\n').analyzer, snapshot);
    buildIndex(passages, caching.analyzer);
    expect(caching.stats().analyzed).toBeGreaterThanOrEqual(TEXTS.length);
  });

  it('ignores a snapshot whose terms no longer match what the analyzer gives', () => {
    const { analyzer } = countingAnalyzer();
    const snapshot = recorded(analyzer);
    const tampered: TermSnapshot = {
      ...snapshot,
      entries: snapshot.entries.map(([text, terms]) => [text, { ...terms, terms: ['改ざん'] }]),
    };
    const caching = cachingAnalyzer(analyzer, tampered);
    buildIndex(passages, caching.analyzer);
    expect(caching.stats().analyzed).toBeGreaterThanOrEqual(TEXTS.length);
  });

  it('parses its own output and rejects another version, naming the field', () => {
    const snapshot = recorded(countingAnalyzer().analyzer);
    expect(parseSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual({ ok: true, snapshot });
    const other = parseSnapshot({ ...snapshot, version: SNAPSHOT_VERSION + 1 });
    expect(other.ok).toBe(false);
    expect(other.ok ? '' : other.reason).toMatch(/^version /);
  });
});
