// The issue's table (issue 12): every figure with its baseline in the same run, the ratio, the target, and by
// how much a missed target is missed.
import { CAPACITY_TARGET_SHARE, LINE_LATENCY_MS } from './reply-capacity.ts';
import type { BenchResults } from './run.ts';
import { ratio } from './stats.ts';

/** A bound on the figure itself or on its ratio to the baseline. */
export interface Target {
  of: 'value' | 'ratio';
  atMost?: number;
  atLeast?: number;
}

export interface Figure {
  figure: string;
  unit: string;
  ours: number | null;
  baseline: number | null;
  baselineIs: string;
  ratio: number | null;
  target: string;
  /** Null when the figure was not measured in this run (--quick, --skip-growth). */
  met: boolean | null;
  /** How far a missed target is missed, in the target's own terms; null when met or not measured. */
  shortfall: string | null;
}

const MB = 1e6;

function describeTarget(t: Target, unit: string): string {
  const bound = t.atMost !== undefined ? `<= ${t.atMost}` : `>= ${t.atLeast}`;
  return t.of === 'ratio'
    ? `${bound}x ${t.atLeast !== undefined ? 'of ' : ''}baseline`
    : `${bound} ${unit}`.trim();
}

/** The distance past the bound, and how many times the bound that is (or, for a floor, what share of it). */
function describeShortfall(t: Target, value: number, unit: string): string {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const suffix = t.of === 'ratio' ? 'x' : unit === '' ? '' : ` ${unit}`;
  if (t.atMost !== undefined)
    return `${fmt(value - t.atMost)}${suffix} over (${fmt(value / t.atMost)} times the bound)`;
  const floor = t.atLeast as number;
  return `${fmt(floor - value)}${suffix} under (${fmt((value / floor) * 100)}% of the bound)`;
}

export function makeFigure(
  figure: string,
  unit: string,
  ours: number | null | undefined,
  baseline: number | null | undefined,
  baselineIs: string,
  target: Target,
): Figure {
  const value = ours ?? null;
  const base = baseline ?? null;
  const r = value !== null && base !== null ? ratio(value, base) : null;
  const checked = target.of === 'ratio' ? r : value;
  const met =
    checked === null || !Number.isFinite(checked)
      ? null
      : (target.atMost === undefined || checked <= target.atMost) &&
        (target.atLeast === undefined || checked >= target.atLeast);
  return {
    figure,
    unit,
    ours: value,
    baseline: base,
    baselineIs,
    ratio: r,
    target: describeTarget(target, unit),
    met,
    shortfall: met === false && checked !== null ? describeShortfall(target, checked, unit) : null,
  };
}

export function issueFigures(r: Omit<BenchResults, 'figures'>): Figure[] {
  const point = (factor: number) => r.growth?.points.find((p) => p.factor === factor);
  const at1 = point(1);
  const at100 = point(100);
  const s = r.startup;
  const realCorpusP99 = (figure: string, target: Target) =>
    makeFigure(figure, 'ms', r.latency.ours.p99, r.latency.baseline.p99, 'bigram MiniSearch', target);
  return [
    makeFigure('start to /readyz 200 (snapshot)', 'ms', s.snapshotReadyMs, s.bareReadyMs, 'bare express', {
      of: 'ratio',
      atMost: 2,
    }),
    realCorpusP99('answer p99, real corpus', { of: 'value', atMost: 2 }),
    realCorpusP99('answer p99, real corpus, vs bigram', { of: 'ratio', atMost: 2.5 }),
    makeFigure('answer p99, 100x corpus', 'ms', at100?.latency.p99, at1?.latency.p99, '1x corpus', {
      of: 'value',
      atMost: 20,
    }),
    makeFigure(
      'answer p99 growth exponent, 1x to 100x',
      '',
      at100 ? r.growth?.exponents.p99 : null,
      null,
      '-',
      {
        of: 'value',
        atMost: 0.5,
      },
    ),
    ...r.webhook.runs.map((w) =>
      makeFigure(
        `signed webhooks acknowledged, ${w.connections} connections`,
        'req/s',
        w.ours.requestsPerSecond,
        w.bare.requestsPerSecond,
        'express + validateSignature',
        { of: 'ratio', atLeast: 0.4 },
      ),
    ),
    ...r.capacity.map((c) => {
      const f = makeFigure(
        `answered once in the reply window, ${c.eventsPerSecond} events/s, LINE API ${LINE_LATENCY_MS} ms`,
        '%',
        c.answeredShare * 100,
        100,
        'all offered',
        { of: 'value', atLeast: CAPACITY_TARGET_SHARE * 100 },
      );
      // A token replied to twice fails the figure whatever the share.
      return c.repliedTwice === 0
        ? f
        : {
            ...f,
            met: false,
            shortfall: `${c.repliedTwice} replied twice${f.shortfall ? `; ${f.shortfall}` : ''}`,
          };
    }),
    makeFigure(
      'RSS after ready',
      'MB',
      r.memory.afterReady.rss / MB,
      r.memory.bare.rss / MB,
      'bare express',
      {
        of: 'value',
        atMost: 250,
      },
    ),
    makeFigure(
      'RSS after the capacity runs',
      'MB',
      r.memory.afterCapacity ? r.memory.afterCapacity.rss / MB : null,
      r.memory.bare.rss / MB,
      'bare express',
      { of: 'value', atMost: 300 },
    ),
  ];
}
