// One growth level in a fresh process (so RSS is this level's alone): prints one JSON line.
// usage: growth-child.ts <factor> <rounds> <max answer samples> <tmp dir>
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadQuestions } from '../src/eval/questions.ts';
import { loadEngine } from '../src/load-engine.ts';
import { createEngine } from '../src/qa/engine.ts';
import { buildIndex } from '../src/qa/index.ts';
import { cachingAnalyzer, parseSnapshot } from '../src/qa/snapshot.ts';
import { multiplyCorpus } from './growth.ts';
import { summarizeLatencies } from './stats.ts';

const args = z
  .tuple([
    z.coerce.number().int().min(1).max(1000),
    z.coerce.number().int().min(1).max(100),
    z.coerce.number().int().min(1).max(100_000),
    z.string().min(1),
  ])
  .parse(process.argv.slice(2));
const [factor, rounds, maxSamples, tmpDir] = args;

const loaded = await loadEngine({ corpusDir: 'corpus', dictionariesDir: 'dictionaries', snapshotFile: null });
const passages = multiplyCorpus(loaded.passages, factor);
const chars = passages.reduce((sum, p) => sum + p.text.length, 0);

let t = performance.now();
const recording = cachingAnalyzer(loaded.analyzer);
buildIndex(passages, recording.analyzer);
const buildMs = performance.now() - t;

const file = path.join(tmpDir, `growth-${factor}x.snapshot.json`);
await mkdir(tmpDir, { recursive: true });
await writeFile(file, JSON.stringify(recording.snapshot()));
const snapshotBytes = (await stat(file)).size;

t = performance.now();
const parsed = parseSnapshot(JSON.parse(await readFile(file, 'utf8')));
if (!parsed.ok) throw new Error(`growth: snapshot does not parse: ${parsed.reason}`);
const replaying = cachingAnalyzer(loaded.analyzer, parsed.snapshot);
const index = buildIndex(passages, replaying.analyzer);
const loadMs = performance.now() - t;

const engine = createEngine({ analyzer: loaded.analyzer, index });
const questions = (await loadQuestions('tests/eval/questions.jsonl')).map((q) => q.question);
// Warm-up on a bounded share of the questions: at 100x every answer costs more.
for (const q of questions.slice(0, 60)) engine.ask(q);
const samples: number[] = [];
for (let r = 0; r < rounds && samples.length < maxSamples; r++) {
  for (const q of questions.slice(0, maxSamples - samples.length)) {
    const start = performance.now();
    engine.ask(q);
    samples.push(performance.now() - start);
  }
}
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    factor,
    passages: passages.length,
    chars,
    buildMs,
    snapshotBytes,
    snapshotLoadMs: loadMs,
    replayedAll: replaying.stats().analyzed === 0,
    latency: summarizeLatencies(samples),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  })}\n`,
);
