// Loads one thing in a fresh process and prints how long it took: the start-up shares without a server.
import { z } from 'zod';
import { loadEngine } from '../src/engine/load-engine.ts';
import { loadShippedTokenizer, loadTokenizer } from '../src/tokenizer.ts';

export const PROBES = ['engine-snapshot', 'engine-rebuild', 'tokenizer-shipped', 'tokenizer-packed'] as const;
export type Probe = (typeof PROBES)[number];

export interface ProbeResult {
  probe: Probe;
  ms: number;
  timings: { tokenizerMs: number; corpusMs: number; indexMs: number } | null;
  rssBytes: number;
  heapUsedBytes: number;
}

async function run(probe: Probe): Promise<ProbeResult> {
  const start = performance.now();
  let timings: ProbeResult['timings'] = null;
  if (probe === 'tokenizer-shipped') await loadShippedTokenizer();
  else if (probe === 'tokenizer-packed') await loadTokenizer();
  else {
    const loaded = await loadEngine({
      corpusDir: 'corpus',
      dictionariesDir: 'dictionaries',
      ...(probe === 'engine-rebuild' ? { snapshotFile: null } : {}),
    });
    timings = loaded.timings;
  }
  const ms = performance.now() - start;
  const memory = process.memoryUsage();
  return { probe, ms, timings, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
}

if (import.meta.main) {
  const probe = z.enum(PROBES).parse(process.argv[2]);
  process.stdout.write(`${JSON.stringify(await run(probe))}\n`);
}
