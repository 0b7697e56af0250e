// `npm start`: turns on the module compile cache before any of the service's modules load, then runs main.
// Plain JavaScript: the one module loaded before the cache is on, so Node needn't load its type stripper.
// package.json starts it with --max-semi-space-size=8: V8's default young generation on this 24 GB machine made
// each scavenge a 3-5 ms pause (answer p99 5 ms, 2.5 ms with 8 MB) and grew RSS under load by 200 MB more.
// --heap-growing-percent=50: an old generation collected at 1.5x what survived, not at up to 4x; it applies to
// every thread (the answer worker too), and after 300 events/s kept the process at about 300 MB instead of 410 MB.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A cache, safe to delete; entries are keyed by each file's content and the V8 version, so none is stale. */
const COMPILE_CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/kotae/compile', import.meta.url));

// Compiling was a third of module loading; a start that cannot write the cache only runs slower.
enableCompileCache(COMPILE_CACHE_DIR);

// The answer worker first of all: booting a worker and loading its engine is the longest part of a start. It reads
// its directories from the environment and posts nothing until the service adopts it (FROM_ENVIRONMENT in
// src/line/answer-worker.ts); an error it raises before then is held here for the service to log.
const errors = [];
const hold = (error) => errors.push(error);
const worker = new Worker(new URL('./line/answer-worker-start.js', import.meta.url), {
  workerData: { fromEnvironment: true },
  name: 'kotae-answers',
});
worker.on('error', hold);

const { startEarly } = await import('./early-answers.ts');
const early = await startEarly({ worker, errors, hold });
const { main } = await import('./main.ts');
await main(early);
