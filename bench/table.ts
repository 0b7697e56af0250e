// The printed report: one table per section, ours next to the baseline and their ratio.

import { commitBound } from './commit-time.ts';
import { CAPACITY_TARGET_SHARE, LINE_LATENCY_MS } from './reply-capacity.ts';
import type { BenchResults } from './run.ts';
import { ratio } from './stats.ts';

type Cell = string | number | null | undefined;

const num = (value: Cell, digits = 1): string =>
  value == null
    ? '-'
    : typeof value === 'string'
      ? value
      : Number.isFinite(value)
        ? value.toFixed(digits)
        : '-';
const x = (value: number | null | undefined) => (value == null ? '-' : `${value.toFixed(2)}x`);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const mb = (bytes: number) => bytes / 1e6;
const mcps = (charsPerSecond: number) => charsPerSecond / 1e6;

function table(title: string, header: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => num(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** What the disk allows: a 200 waits for its fsync'd commit, so each connection is acknowledged once per commit at most. */
function commitNote(r: BenchResults): string {
  const { p50Ms, p90Ms } = r.webhook.commit;
  const bounds = r.webhook.runs.map((w) => {
    const bound = commitBound(w.connections, p50Ms);
    const needed = 0.4 * w.bare.requestsPerSecond;
    return `${w.connections} connections: at most ${bound.toFixed(0)} req/s, 0.4x of the bare route is ${needed.toFixed(0)}${needed > bound ? ' (out of reach on this disk)' : ''}`;
  });
  return `A 200 waits for its fsync'd commit: ${p50Ms.toFixed(2)} ms at p50 (p90 ${p90Ms.toFixed(2)} ms) on this disk. ${bounds.join('; ')}.`;
}

export function formatReport(r: BenchResults): string {
  const s = r.startup;
  const m = r.machine;
  const sections = [
    `Kotae benchmark (${r.mode}), ${r.startedAt}: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, load average ${m.loadAverage} at start`,
    table(
      'Start-up (ms, median of fresh processes)',
      ['', 'ours', 'baseline', 'ratio', 'baseline is'],
      [
        [
          'npm start to /readyz, snapshot',
          s.snapshotReadyMs,
          s.bareReadyMs,
          x(s.snapshotVsBare),
          'bare express',
        ],
        [
          'npm start to /readyz, snapshot',
          s.snapshotReadyMs,
          s.rebuiltReadyMs,
          x(s.snapshotVsRebuilt),
          'index rebuilt',
        ],
        [
          'loadEngine, snapshot',
          s.engineSnapshot.ms,
          s.engineRebuilt.ms,
          x(ratio(s.engineSnapshot.ms, s.engineRebuilt.ms)),
          'index rebuilt',
        ],
        [
          '  of which index',
          s.engineSnapshot.timings?.indexMs,
          s.engineRebuilt.timings?.indexMs,
          x(
            ratio(
              s.engineSnapshot.timings?.indexMs ?? Number.NaN,
              s.engineRebuilt.timings?.indexMs ?? Number.NaN,
            ),
          ),
          'index rebuilt',
        ],
        [
          'tokenizer load',
          s.tokenizerPacked.ms,
          s.tokenizerShipped.ms,
          x(ratio(s.tokenizerPacked.ms, s.tokenizerShipped.ms)),
          'kuromoji loader',
        ],
        [
          'tokenizer RSS (MB)',
          mb(s.tokenizerPacked.rssBytes),
          mb(s.tokenizerShipped.rssBytes),
          x(ratio(s.tokenizerPacked.rssBytes, s.tokenizerShipped.rssBytes)),
          'kuromoji loader',
        ],
      ],
    ),
    `Shares of ready time (snapshot start): tokenizer ${pct(s.shares.tokenizer)}, corpus ${pct(s.shares.corpus)}, index ${pct(s.shares.index)}, process start + module loading + rest ${pct(s.shares.rest)}`,
    table(
      `Answer latency (ms), ${r.latency.questions} eval questions x ${r.latency.ours.count / r.latency.questions} rounds, in-process after warm-up`,
      ['', 'ours', 'bigram baseline', 'ratio'],
      [
        ['p50', r.latency.ours.p50, r.latency.baseline.p50, x(r.latency.ratioP50)],
        [
          'p95',
          r.latency.ours.p95,
          r.latency.baseline.p95,
          x(ratio(r.latency.ours.p95, r.latency.baseline.p95)),
        ],
        ['p99', r.latency.ours.p99, r.latency.baseline.p99, x(r.latency.ratioP99)],
        [
          'max',
          r.latency.ours.max,
          r.latency.baseline.max,
          x(ratio(r.latency.ours.max, r.latency.baseline.max)),
        ],
      ].map((row) => row.map((c) => (typeof c === 'number' ? c.toFixed(3) : c))),
    ),
    `Slowest questions (median ms): ${r.latency.slowest.map((q) => `${q.medianMs.toFixed(1)} ${q.question}`).join(' | ')}`,
    table(
      'Quality on the same questions (src/eval scoring)',
      ['', 'ours', 'bigram baseline'],
      [
        ['accuracy, all', pct(r.quality.ours.overall.accuracy), pct(r.quality.baseline.overall.accuracy)],
        [
          'accuracy, answerable',
          pct(r.quality.ours.answerable.accuracy),
          pct(r.quality.baseline.answerable.accuracy),
        ],
        [
          'declines out of scope',
          pct(r.quality.ours.outOfScope.accuracy),
          pct(r.quality.baseline.outOfScope.accuracy),
        ],
        ['recall@3', pct(r.quality.ours.recallAt3), pct(r.quality.baseline.recallAt3)],
        ['MRR', r.quality.ours.mrr.toFixed(3), r.quality.baseline.mrr.toFixed(3)],
      ],
    ),
    table(
      'Tokenizer throughput (M chars/s over the corpus)',
      ['', 'M chars/s', 'vs MeCab'],
      [
        [
          'analyzer.documentTerms',
          mcps(r.tokenizer.analyzer.charsPerSecond).toFixed(3),
          x(r.tokenizer.analyzerVsMecab),
        ],
        ['kuromoji, our loader', mcps(r.tokenizer.kuromojiPacked.charsPerSecond).toFixed(3), '-'],
        ['kuromoji, shipped', mcps(r.tokenizer.kuromojiShipped.charsPerSecond).toFixed(3), '-'],
        [
          r.tokenizer.mecab ? 'MeCab (measured here)' : 'MeCab (issue reference)',
          mcps(r.tokenizer.mecab?.charsPerSecond ?? r.tokenizer.mecabReference).toFixed(3),
          '1.00x',
        ],
      ],
    ),
    table(
      `Webhook, autocannon, ${r.webhook.runs[0]?.ours.durationSeconds ?? '-'} s per run: npm start against a bare express route that checks the signature with @line/bot-sdk and parses the JSON`,
      [
        'connections',
        'ours req/s',
        'bare req/s',
        'ratio',
        'ours p50/p99 ms',
        'bare p50/p99 ms',
        'non-2xx / errors',
        'commit bound req/s',
      ],
      r.webhook.runs.map((w) => [
        String(w.connections),
        w.ours.requestsPerSecond,
        w.bare.requestsPerSecond,
        x(w.throughputRatio),
        `${w.ours.latencyP50Ms} / ${w.ours.latencyP99Ms}`,
        `${w.bare.latencyP50Ms} / ${w.bare.latencyP99Ms}`,
        `${w.ours.non2xx} / ${w.ours.errors}`,
        commitBound(w.connections, r.webhook.commit.p50Ms).toFixed(0),
      ]),
    ),
    commitNote(r),
    `Calls received by the fake LINE API by the end of the drain: ${r.webhook.repliesDelivered} (npm start acknowledged ${r.webhook.acknowledged} webhooks)`,
    table(
      `Replies within the reply window: one-event webhooks offered at a fixed rate, LINE API ${LINE_LATENCY_MS} ms, fresh server per rate`,
      [
        'offered/s',
        'seconds',
        'events',
        'acknowledged',
        'answered once',
        'share',
        'target',
        'twice',
        'expired (why)',
        'unsettled',
      ],
      r.capacity.map((c) => [
        String(c.eventsPerSecond),
        String(c.seconds),
        String(c.offered),
        String(c.acknowledged),
        String(c.answeredOnce),
        pct(c.answeredShare),
        `>= ${pct(CAPACITY_TARGET_SHARE)}`,
        String(c.repliedTwice),
        `${c.server.expired}${
          c.server.expired > 0
            ? ` (${Object.entries(c.server.expiredBy)
                .map(([why, n]) => `${why} ${n}`)
                .join(', ')})`
            : ''
        }`,
        String(c.server.unsettled),
      ]),
    ),
    table(
      'Memory (MB): the npm start process, and the bare express server as the baseline',
      ['', 'RSS', 'heap used'],
      [
        ['bare express after ready', mb(r.memory.bare.rss), mb(r.memory.bare.heapUsed)],
        ['after ready', mb(r.memory.afterReady.rss), mb(r.memory.afterReady.heapUsed)],
        ['after the webhook runs', mb(r.memory.afterWebhook.rss), mb(r.memory.afterWebhook.heapUsed)],
        [
          'after the capacity runs (largest)',
          r.memory.afterCapacity ? mb(r.memory.afterCapacity.rss) : null,
          r.memory.afterCapacity ? mb(r.memory.afterCapacity.heapUsed) : null,
        ],
      ],
    ),
  ];
  if (r.growth) {
    const e = r.growth.exponents;
    sections.push(
      table(
        'Growth (copies of the corpus: other city and numbers, 20% of sentences dropped, sentences of other copies spliced in, 15% of nouns swapped; fresh process per size)',
        [
          'size',
          'passages',
          'build ms',
          'snapshot MB',
          'snapshot load ms',
          'MiniSearch JSON MB',
          'loadJSON ms',
          'p50 ms',
          'p99 ms',
          'RSS MB',
          'heap MB',
        ],
        [
          ...r.growth.points.map((p) => [
            `${p.factor}x`,
            String(p.passages),
            p.buildMs,
            mb(p.snapshotBytes),
            p.snapshotLoadMs,
            mb(p.miniSearchJsonBytes),
            p.miniSearchLoadMs,
            p.latency.p50.toFixed(2),
            p.latency.p99.toFixed(2),
            mb(p.rssBytes),
            mb(p.heapUsedBytes),
          ]),
          [
            'growth exponent',
            '1.00',
            num(e.buildMs, 2),
            num(e.snapshotBytes, 2),
            num(e.snapshotLoadMs, 2),
            '-',
            num(e.miniSearchLoadMs, 2),
            '-',
            num(e.p99, 2),
            num(e.rssBytes, 2),
            '-',
          ],
        ],
      ),
      'snapshot = analyzer terms replayed into a fresh MiniSearch (src/qa/snapshot.ts); loadJSON = MiniSearch.loadJSON of the same index.\nGrowth exponent: log-log slope from the smallest to the largest size; 1 grows like the corpus, 0 is flat.',
    );
  }
  sections.push(
    table(
      'Figures (issue 12): ours against the baseline measured in this run, and the target',
      ['figure', 'ours', 'baseline', 'baseline is', 'ratio', 'target', 'met', 'short by'],
      r.figures.map((f) => [
        f.figure,
        f.ours === null ? 'not run' : `${num(f.ours, 2)}${f.unit === '' ? '' : ` ${f.unit}`}`,
        f.baseline === null ? '-' : `${num(f.baseline, 2)}${f.unit === '' ? '' : ` ${f.unit}`}`,
        f.baselineIs,
        x(f.ratio),
        f.target,
        f.met === null ? 'n/a' : f.met ? 'yes' : 'NO',
        f.shortfall ?? '-',
      ]),
    ),
  );
  return sections.join('\n\n');
}
