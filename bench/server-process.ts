// Starts a server as its own process the way `npm start` does, times it to /readyz, reads its memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { track } from './children.ts';

const listeningLine = z.object({ msg: z.literal('listening'), url: z.url() });
const engineReadyLine = z.object({ msg: z.literal('engine ready'), ms: z.number() });
const memoryLine = z.object({
  rss: z.number(),
  heapUsed: z.number(),
  heapTotal: z.number(),
  external: z.number(),
});
export type ProcessMemory = z.infer<typeof memoryLine>;

const READY_POLL_MS = 5;
const KEPT_LOG_LINES = 40;
/** What bench/report-memory.js (preloaded into every server) writes before its memory line. */
export const MEMORY_MARK = 'KOTAE_BENCH_MEMORY';

export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawn to the first /readyz 200. */
  readyMs: number;
  /** The server's own "engine ready" figure when it logs one. */
  engineMs: number | null;
  memory(): Promise<ProcessMemory>;
  stop(): Promise<void>;
}

export interface StartOptions {
  script: string;
  env: Record<string, string>;
  timeoutMs: number;
}

function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

const startScript = z.object({ scripts: z.object({ start: z.string() }) });

/** The node flags of `npm start` (package.json), so every benchmarked process runs with the server's heap settings. */
export function startNodeFlags(packageJson = 'package.json'): string[] {
  const { start } = startScript.parse(JSON.parse(readFileSync(packageJson, 'utf8'))).scripts;
  const match = /^exec node((?: --[^\s]+)*) src\/start\.js$/.exec(start);
  if (!match) throw new Error(`bench: npm start is not "exec node [flags] src/start.js": ${start}`);
  return (match[1] ?? '').split(' ').filter((f) => f !== '');
}

/**
 * Node runs the script as `npm start` does (its flags, its own type stripping, no tsx). Only PATH and HOME pass
 * through: the server sees the variables the benchmark chose, nothing else.
 */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [...startNodeFlags(), '--import', './bench/report-memory.js', options.script], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const log: string[] = [];
  const keep = (line: string) => {
    log.push(line);
    if (log.length > KEPT_LOG_LINES) log.shift();
  };
  let url: string | undefined;
  let engineMs: number | null = null;
  const memoryWaiters: Array<(m: ProcessMemory) => void> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    keep(line);
    const json = parseJsonLine(line);
    const listening = listeningLine.safeParse(json);
    if (listening.success) url = listening.data.url;
    const ready = engineReadyLine.safeParse(json);
    if (ready.success) engineMs = ready.data.ms;
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (!line.startsWith(MEMORY_MARK)) return keep(line);
    const parsed = memoryLine.safeParse(parseJsonLine(line.slice(MEMORY_MARK.length + 1)));
    if (parsed.success) for (const waiter of memoryWaiters.splice(0)) waiter(parsed.data);
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  const fail = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`bench: ${options.script} ${why}\n${log.join('\n')}`);
  };

  for (;;) {
    const elapsed = performance.now() - started;
    if (child.exitCode !== null) return fail(`exited with ${child.exitCode} before ready`);
    if (elapsed > options.timeoutMs) return fail(`was not ready within ${options.timeoutMs} ms`);
    if (url) {
      const status = await fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? -1;
  return {
    url: url as string,
    pid,
    readyMs,
    engineMs,
    memory: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: no memory report from pid ${pid}`)), 5_000);
        memoryWaiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
        child.kill('SIGUSR2');
      }),
    stop,
  };
}
