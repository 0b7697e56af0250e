// The answer worker's entry: the module compile cache on before the engine's modules load, as src/start.js does
// for the main thread (a worker does not inherit it). Plain JavaScript, so Node needn't load its type stripper.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';

enableCompileCache(fileURLToPath(new URL('../../node_modules/.cache/kotae/compile', import.meta.url)));
// A worker given no dictionary reads it into shared memory while its modules load; the thread awaits the same read.
if (!workerData?.dictionary) void import('../tokenizer.ts').then((t) => t.readSharedDictionary());
await import('./answer-worker-thread.ts');
