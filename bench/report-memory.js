// Preloaded into benchmarked servers: SIGUSR2 prints the process's memory on stderr, nothing else. Plain
// JavaScript, so a preload does not load Node's type stripper ahead of src/start.js, which npm start does not.
// The mark is MEMORY_MARK in bench/server-process.ts.
process.on('SIGUSR2', () => {
  process.stderr.write(`KOTAE_BENCH_MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
