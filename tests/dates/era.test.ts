import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotateYears,
  describeYear,
  erasOfYear,
  eraToYear,
  expandYearTerms,
  findEraExpressions,
  formatEraYear,
  formatGregorianYear,
  yearToEra,
} from '../../src/dates/era.ts';

describe('eraToYear', () => {
  it.each([
    ['令和', 7, 2025],
    ['令和', 1, 2019],
    ['平成', 30, 2018],
    ['平成', 31, 2019],
    ['平成', 39, 2027],
    ['昭和', 45, 1970],
    ['昭和', 64, 1989],
    ['大正', 15, 1926],
    ['明治', 22, 1889],
    ['R', 7, 2025],
    ['H', 30, 2018],
  ] as const)('converts %s%i to %i', (era, n, year) => {
    expect(eraToYear(era, n)).toBe(year);
  });

  it('throws for an unknown era or a non-positive year', () => {
    expect(() => eraToYear('天平', 1)).toThrow(/unknown era "天平"/);
    expect(() => eraToYear('令和', 0)).toThrow(/positive integer/);
  });
});

describe('yearToEra', () => {
  it.each([
    [2025, false, { era: '令和', year: 7 }],
    [2019, false, { era: '令和', year: 1 }],
    [2019, true, { era: '平成', year: 31 }],
    [2020, true, { era: '令和', year: 2 }],
    [2018, false, { era: '平成', year: 30 }],
    [1989, false, { era: '平成', year: 1 }],
    [1989, true, { era: '平成', year: 1 }],
    [1988, true, { era: '昭和', year: 63 }],
    [1926, false, { era: '昭和', year: 1 }],
    [1970, false, { era: '昭和', year: 45 }],
  ] as const)('gives %i (fiscal %s) as %o', (year, fiscal, expected) => {
    expect(yearToEra(year, { fiscal })).toEqual(expected);
  });

  it('returns null before 明治', () => {
    expect(yearToEra(1850)).toBeNull();
  });

  it('lists both eras of a change year', () => {
    expect(erasOfYear(2019)).toEqual([
      { era: '平成', year: 31 },
      { era: '令和', year: 1 },
    ]);
    expect(erasOfYear(1988, { fiscal: true })).toEqual([{ era: '昭和', year: 63 }]);
  });
});

describe('findEraExpressions', () => {
  const cases: [
    string,
    { text: string; year: number; fiscal: boolean; form: string; nonexistent?: boolean }[],
  ][] = [
    ['令和7年度の実績', [{ text: '令和7年度', year: 2025, fiscal: true, form: 'era' }]],
    ['令和七年に実施', [{ text: '令和七年', year: 2025, fiscal: false, form: 'era' }]],
    ['令和元年5月', [{ text: '令和元年', year: 2019, fiscal: false, form: 'era' }]],
    ['平成３０年度から', [{ text: '平成３０年度', year: 2018, fiscal: true, form: 'era' }]],
    ['平成三十一年', [{ text: '平成三十一年', year: 2019, fiscal: false, form: 'era' }]],
    [
      '平成３９年度まで',
      [{ text: '平成３９年度', year: 2027, fiscal: true, form: 'era', nonexistent: true }],
    ],
    [
      '平成52年に13万8千人',
      [{ text: '平成52年', year: 2040, fiscal: false, form: 'era', nonexistent: true }],
    ],
    ['令和 12(2030)年に 1.8', [{ text: '令和 12(2030)年', year: 2030, fiscal: false, form: 'combined' }]],
    ['2025(令和7)年', [{ text: '2025(令和7)年', year: 2025, fiscal: false, form: 'combined' }]],
    ['2025（令和７）年度', [{ text: '2025（令和７）年度', year: 2025, fiscal: true, form: 'combined' }]],
    ['2025年度予算', [{ text: '2025年度', year: 2025, fiscal: true, form: 'gregorian' }]],
    ['人口（2021年）249,125人', [{ text: '2021年', year: 2021, fiscal: false, form: 'gregorian' }]],
    ['R7年度', [{ text: 'R7年度', year: 2025, fiscal: true, form: 'abbreviation' }]],
    ['Ｒ７年度', [{ text: 'Ｒ７年度', year: 2025, fiscal: true, form: 'abbreviation' }]],
    ['現状値72人(H30年度)', [{ text: 'H30年度', year: 2018, fiscal: true, form: 'abbreviation' }]],
    ['現状値 736 億円(H30 年)', [{ text: 'H30 年', year: 2018, fiscal: false, form: 'abbreviation' }]],
    ['雄別炭鉱閉山（S45）', [{ text: 'S45', year: 1970, fiscal: false, form: 'abbreviation' }]],
    [
      '(R2～R6 年度累計)',
      [
        { text: 'R2', year: 2020, fiscal: false, form: 'abbreviation' },
        { text: 'R6 年度', year: 2024, fiscal: true, form: 'abbreviation' },
      ],
    ],
  ];

  it.each(cases)('finds the years in %s', (text, expected) => {
    const found = findEraExpressions(text);
    expect(
      found.map(({ text, year, fiscal, form, nonexistent }) => ({ text, year, fiscal, form, nonexistent })),
    ).toEqual(expected.map((e) => ({ nonexistent: false, ...e })));
    for (const expr of found) expect(text.slice(expr.start, expr.end)).toBe(expr.text);
  });

  it.each(['H2O', 'S45C鋼', '昭和一桁', '12345年', 'R100', '電話 1234'])('finds no year in %s', (text) => {
    expect(findEraExpressions(text)).toEqual([]);
  });
});

describe('expandYearTerms', () => {
  it.each([
    ['令和7年度の実績は', ['2025年度']],
    ['2025年度の実績は', ['令和7年度']],
    ['令和７年', ['令和7年', '2025年']],
    ['R7年度', ['令和7年度', '2025年度']],
    ['H30年度', ['平成30年度', '2018年度']],
    ['S45', ['昭和45年', '1970年']],
    ['平成39年度', ['令和9年度', '2027年度']],
    ['令和元年', ['平成31年', '2019年']],
    ['2019年', ['平成31年', '令和元年']],
    ['2019年度', ['平成31年度', '令和元年度']],
    ['平成31年度', ['令和元年度', '2019年度']],
    ['2025(令和7)年', ['令和7年', '2025年']],
    ['令和7年度と2025年度', []],
    ['人口は何人？', []],
  ])('expands %s to %o', (text, expected) => {
    expect(expandYearTerms(text)).toEqual(expected);
  });
});

describe('describeYear', () => {
  it.each([
    ['平成39年度', '平成39年度（令和9年度／2027年度）'],
    ['平成３９年度', '平成３９年度（令和9年度／2027年度）'],
    ['令和7年度', '令和7年度（2025年度）'],
    ['令和元年', '令和元年（2019年）'],
    ['R7', 'R7（令和7年／2025年）'],
    ['2025年度', '2025年度（令和7年度）'],
    ['2019年度', '2019年度（平成31年度）'],
    ['2019年', '2019年（平成31年／令和元年）'],
    ['2025(令和7)年', '2025(令和7)年'],
    ['年の記載なし', '年の記載なし'],
  ])('describes %s as %s', (input, expected) => {
    expect(describeYear(input)).toBe(expected);
  });

  it('annotates every year not already annotated', () => {
    expect(annotateYears('平成30年度から平成39年度までの10年間')).toBe(
      '平成30年度（2018年度）から平成39年度（令和9年度／2027年度）までの10年間',
    );
    expect(annotateYears('令和 12(2030)年に 1.8')).toBe('令和 12(2030)年に 1.8');
  });
});

describe('era conversion properties', () => {
  it('round-trips every year since 明治 through its era name', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1868, max: 2199 }), fc.boolean(), (year, fiscal) => {
        const era = yearToEra(year, { fiscal });
        expect(era).not.toBeNull();
        if (!era) return;
        expect(eraToYear(era.era, era.year)).toBe(year);
        const [expr] = findEraExpressions(`${formatEraYear(era, fiscal)}の計画`);
        expect(expr).toMatchObject({ year, fiscal, nonexistent: false });
      }),
    );
  });

  it('gives every era form of a year back the same Gregorian year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1868, max: 2199 }), fc.boolean(), (year, fiscal) => {
        for (const term of expandYearTerms(formatGregorianYear(year, fiscal))) {
          expect(findEraExpressions(term).map((e) => [e.year, e.fiscal])).toEqual([[year, fiscal]]);
        }
      }),
    );
  });
});
