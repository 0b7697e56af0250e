// `npm start`: turns on the module compile cache before any of the service's modules load, then runs main.
// Plain JavaScript: the one module loaded before the cache is on, so Node needn't load its type stripper.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A cache, safe to delete; entries are keyed by each file's content and the V8 version, so none is stale. */
const COMPILE_CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/kotae/compile', import.meta.url));

// Compiling was a third of module loading; a start that cannot write the cache only runs slower.
enableCompileCache(COMPILE_CACHE_DIR);

const { main } = await import('./main.ts');
await main();
