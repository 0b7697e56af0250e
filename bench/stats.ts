// Pure helpers for the benchmark: percentiles, ratios and growth exponents.

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** ours / baseline; null when the baseline is zero or missing. */
export function ratio(ours: number, baseline: number): number | null {
  return Number.isFinite(ours) && Number.isFinite(baseline) && baseline !== 0 ? ours / baseline : null;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/**
 * Log-log slope between the first and last point: 1 means linear growth, 0 flat, 2 quadratic.
 * Null with fewer than two usable points.
 */
export function growthExponent(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  const usable = points.filter((p) => p.x > 0 && p.y > 0);
  const first = usable[0];
  const last = usable.at(-1);
  if (!first || !last || first.x === last.x) return null;
  return Math.log(last.y / first.y) / Math.log(last.x / first.x);
}
