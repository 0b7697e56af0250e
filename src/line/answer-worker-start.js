// The answer worker's entry: the module compile cache on before the engine's modules load, as src/start.js does
// for the main thread (a worker does not inherit it). Plain JavaScript, so Node needn't load its type stripper.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

enableCompileCache(fileURLToPath(new URL('../../node_modules/.cache/kotae/compile', import.meta.url)));
await import('./answer-worker-thread.ts');
