// `npm start`: turns on the module compile cache before any of the service's modules load, then runs main.
// Plain JavaScript: the one module loaded before the cache is on, so Node needn't load its type stripper.
// package.json starts it with --max-semi-space-size=8: V8's default young generation on this 24 GB machine made
// each scavenge a 3-5 ms pause (answer p99 5 ms, 2.5 ms with 8 MB) and grew RSS under load by 200 MB more.
// --heap-growing-percent=50: an old generation collected at 1.5x what survived, not at up to 4x; it applies to
// every thread (the answer worker too), and after 300 events/s kept the process at about 300 MB instead of 410 MB.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A cache, safe to delete; entries are keyed by each file's content and the V8 version, so none is stale. */
const COMPILE_CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/kotae/compile', import.meta.url));

// Compiling was a third of module loading; a start that cannot write the cache only runs slower.
enableCompileCache(COMPILE_CACHE_DIR);

// The answer worker starts loading its engine before the service's other modules load (src/early-answers.ts).
const { startEarly } = await import('./early-answers.ts');
const early = await startEarly();
const { main } = await import('./main.ts');
await main(early);
