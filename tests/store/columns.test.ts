import { describe, expect, it } from 'vitest';
import { flag, nullableNum, num, sources, toCount } from '../../src/store/columns.ts';

const source = {
  docId: 'gomi',
  title: 'ごみの出し方',
  municipality: 'tokyo-chiyoda',
  section: '粗大ごみ',
  excerpt: '申し込みが必要です。',
  score: 3.5,
  passageId: 'gomi#2',
};

describe('num', () => {
  it('reads SQLite numbers, bigints and PostgreSQL BIGINT strings as the same number', () => {
    expect(num.parse(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(num.parse(1_700_000_000_000n)).toBe(1_700_000_000_000);
    expect(num.parse('1700000000000')).toBe(1_700_000_000_000);
    expect(num.parse(0.25)).toBe(0.25);
  });

  it('keeps null only where the column allows it', () => {
    expect(nullableNum.parse(null)).toBeNull();
    expect(nullableNum.parse('7')).toBe(7);
    expect(num.safeParse(null).success).toBe(false);
  });
});

describe('flag', () => {
  it('reads SQLite 0/1 and PostgreSQL booleans alike', () => {
    expect([flag.parse(1), flag.parse(true)]).toEqual([true, true]);
    expect([flag.parse(0), flag.parse(false)]).toEqual([false, false]);
  });

  it('rejects what neither driver gives', () => {
    expect(flag.safeParse('t').success).toBe(false);
    expect(flag.safeParse(null).success).toBe(false);
  });
});

describe('sources', () => {
  it('parses SQLite JSON text and takes PostgreSQL JSONB as given', () => {
    expect(sources.parse(JSON.stringify([source]))).toEqual([source]);
    expect(sources.parse([source])).toEqual([source]);
    expect(sources.parse('[]')).toEqual([]);
  });

  it('rejects a source missing a field', () => {
    const { passageId: _, ...partial } = source;
    expect(sources.safeParse([partial]).success).toBe(false);
    expect(sources.safeParse(JSON.stringify([partial])).success).toBe(false);
  });
});

describe('toCount', () => {
  it('reads a COUNT(*) row from either driver', () => {
    expect(toCount({ n: 3 })).toBe(3);
    expect(toCount({ n: '3' })).toBe(3);
  });
});
