import { describe, expect, it } from 'vitest';
import { growthExponent, percentile, ratio, summarizeLatencies } from '../../bench/stats.ts';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    const s = summarizeLatencies([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ count: 5, p50: 3, max: 5, mean: 3 });
  });

  it('gives no ratio against a zero or missing baseline', () => {
    expect(ratio(2, 4)).toBe(0.5);
    expect(ratio(2, 0)).toBeNull();
    expect(ratio(2, Number.NaN)).toBeNull();
  });

  it('reads linear, flat and quadratic growth as exponents 1, 0 and 2', () => {
    const at = (f: (x: number) => number) => [1, 10, 100].map((x) => ({ x, y: f(x) }));
    expect(growthExponent(at((x) => 3 * x))).toBeCloseTo(1);
    expect(growthExponent(at(() => 42))).toBeCloseTo(0);
    expect(growthExponent(at((x) => x * x))).toBeCloseTo(2);
    expect(growthExponent([{ x: 1, y: 1 }])).toBeNull();
  });
});
