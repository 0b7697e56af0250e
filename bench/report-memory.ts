// Preloaded into benchmarked servers: SIGUSR2 prints the process's memory on stderr, nothing else.
export const MEMORY_MARK = 'KOTAE_BENCH_MEMORY';

process.on('SIGUSR2', () => {
  process.stderr.write(`${MEMORY_MARK} ${JSON.stringify(process.memoryUsage())}\n`);
});
