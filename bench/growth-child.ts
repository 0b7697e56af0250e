// One growth level in a fresh process, so time and RSS are this level's alone: prints one JSON line.
// usage: growth-child.ts <factor> build <tmp dir>           fresh index build, writes the snapshot
//        growth-child.ts <factor> load <tmp dir> <samples>  index from that snapshot, answer latency, RSS
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { loadEngine } from '../src/engine/load-engine.ts';
import { loadQuestions } from '../src/eval/questions.ts';
import { createEngine } from '../src/qa/engine.ts';
import { buildIndex, FIELD_BOOST } from '../src/qa/index.ts';
import { cachingAnalyzer, parseSnapshot } from '../src/qa/snapshot.ts';
import { loadTokenizer } from '../src/tokenizer.ts';
import { multiplyCorpus, prepareGrowth, type Segmenter } from './growth.ts';
import { summarizeLatencies } from './stats.ts';

/** Warm-up passes over the questions before timing, the same at every size and as the in-process latency. */
const WARMUP_PASSES = 3;

const [factor, mode, tmpDir, maxSamples] = z
  .tuple([
    z.coerce.number().int().min(1).max(1000),
    z.enum(['build', 'load']),
    z.string().min(1),
    z.coerce.number().int().min(1).max(100_000).default(241),
  ])
  .parse(process.argv.slice(2));

const loaded = await loadEngine({ corpusDir: 'corpus', dictionariesDir: 'dictionaries', snapshotFile: null });
const tokenizer = await loadTokenizer();
const segment: Segmenter = (text) =>
  tokenizer
    .tokenize(text)
    .map((t) => ({ text: t.surface_form, noun: t.pos === '名詞' && t.pos_detail_1 !== '数' }));
const passages = multiplyCorpus(prepareGrowth(loaded.passages, segment), factor);
const file = path.join(tmpDir, `growth-${factor}x.snapshot.json`);
/** The whole MiniSearch index as JSON: what a full snapshot (index.ts restoring MiniSearch) would load. */
const miniFile = path.join(tmpDir, `growth-${factor}x.minisearch.json`);
const out = (fields: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ factor, mode, passages: passages.length, ...fields })}\n`);

if (mode === 'build') {
  const start = performance.now();
  const recording = cachingAnalyzer(loaded.analyzer);
  const index = buildIndex(passages, recording.analyzer);
  const buildMs = performance.now() - start;
  await writeFile(file, JSON.stringify(recording.snapshot()));
  await writeFile(miniFile, JSON.stringify(index.toJSON()));
  out({ buildMs, snapshotBytes: (await stat(file)).size, miniSearchJsonBytes: (await stat(miniFile)).size });
} else {
  const start = performance.now();
  const parsed = parseSnapshot(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.ok) throw new Error(`growth: ${file} does not parse: ${parsed.reason}`);
  const replaying = cachingAnalyzer(loaded.analyzer, parsed.snapshot);
  const index = buildIndex(passages, replaying.analyzer);
  const snapshotLoadMs = performance.now() - start;
  const miniStart = performance.now();
  MiniSearch.loadJSON(await readFile(miniFile, 'utf8'), { fields: Object.keys(FIELD_BOOST) });
  const miniSearchLoadMs = performance.now() - miniStart;
  const engine = createEngine({ analyzer: loaded.analyzer, index });
  const questions = (await loadQuestions('tests/eval/questions.jsonl')).map((q) => q.question);
  for (let pass = 0; pass < WARMUP_PASSES; pass++) for (const q of questions) engine.ask(q);
  // The build's garbage is collected before timing, at every size, so no answer pays for it.
  (globalThis as { gc?: () => void }).gc?.();
  const samples: number[] = [];
  while (samples.length < maxSamples) {
    const q = questions[samples.length % questions.length] ?? '';
    const t = performance.now();
    engine.ask(q);
    samples.push(performance.now() - t);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  out({
    snapshotLoadMs,
    miniSearchLoadMs,
    replayedAll: replaying.stats().analyzed === 0,
    latency: summarizeLatencies(samples),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  });
}
