// Characters per second of a tokenizing function over a set of texts, and of MeCab when it is installed.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface Throughput {
  chars: number;
  ms: number;
  charsPerSecond: number;
}

/** Repeats whole passes over the texts until at least `minMs` has passed (one pass at the least). */
export function measureThroughput(
  texts: readonly string[],
  run: (text: string) => unknown,
  minMs: number,
): Throughput {
  const perPass = texts.reduce((sum, t) => sum + t.length, 0);
  let chars = 0;
  const start = performance.now();
  do {
    for (const t of texts) run(t);
    chars += perPass;
  } while (performance.now() - start < minMs);
  const ms = performance.now() - start;
  return { chars, ms, charsPerSecond: (chars / ms) * 1000 };
}

/**
 * MeCab writes its output to /dev/null, as a tokenizer inside a program would keep it, not through a pipe the
 * bench must read. Its own start-up (dictionary mmap) is measured on one line and subtracted.
 */
export function measureMecab(texts: readonly string[], targetChars: number): Throughput | null {
  const probe = spawnSync('mecab', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const pass = `${texts.map((t) => t.replace(/\n/g, ' ')).join('\n')}\n`;
  const perPass = texts.reduce((sum, t) => sum + t.length, 0);
  const passes = Math.max(1, Math.ceil(targetChars / perPass));
  const input = pass.repeat(passes);
  const timed = (text: string): number => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const start = performance.now();
      const result = spawnSync('mecab', [], { input: text, stdio: ['pipe', devNull, 'pipe'] });
      if (result.status !== 0) throw new Error(`mecab exited with ${result.status}: ${result.stderr}`);
      return performance.now() - start;
    } finally {
      closeSync(devNull);
    }
  };
  const startup = timed('あ\n');
  const ms = Math.max(1, timed(input) - startup);
  const chars = perPass * passes;
  return { chars, ms, charsPerSecond: (chars / ms) * 1000 };
}
