import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANSWER_ATTEMPTS,
  type AnswerWorker,
  type AnswerWorkerData,
  type AnswerWorkerOptions,
  type EarlyThread,
  startAnswerWorker,
} from '../../src/line/answer-worker.ts';
import { createLogger } from '../../src/log.ts';

const SCRIPT = new URL('./fixtures/scripted-answer-worker.ts', import.meta.url);
const now = new Date('2026-04-01T00:00:00+09:00');

let dir: string;
let worker: AnswerWorker | null;
let logLines: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kotae-answer-worker-'));
  worker = null;
  logLines = [];
});
afterEach(async () => {
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(extra: { readyAfterMs?: number; failLoad?: boolean } = {}, answerTimeoutMs = 5_000) {
  worker = startAnswerWorker({
    script: SCRIPT,
    data: { markerDir: dir, ...extra } as unknown as AnswerWorkerData,
    logger: createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } }),
    answerTimeoutMs,
    restartDelayMs: 10,
  });
  return worker;
}

const ask = (w: AnswerWorker, question: string, deadline = 0, stillWanted?: () => boolean) =>
  w.ask({ question, now, deadline, ...(stillWanted ? { stillWanted } : {}) });

describe('answer worker', () => {
  it('answers through the worker once it is ready', async () => {
    const w = start();
    expect(await w.ready()).toEqual({ passages: 0, ms: 0 });
    const reply = await ask(w, '相談は？');
    expect(reply?.answer).toMatchObject({ question: '相談は？', answered: false });
    expect(await w.passage('none#1')).toBeUndefined();
    expect(await w.reload()).toEqual({ ok: true, ms: 1, passages: 0 });
  });

  it('answers the earliest deadline first when questions queue up', async () => {
    const w = start({ readyAfterMs: 200 });
    const deadlines = [500, 100, 400, 200, 300, 700, 600, 0];
    const replies = await Promise.all(deadlines.map((d) => ask(w, `q${d}`, d)));
    const order = replies.map((r, i) => ({ deadline: deadlines[i], turn: Number(r?.answer.answer) }));
    order.sort((a, b) => a.turn - b.turn);
    expect(order.map((o) => o.deadline)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it('skips a question that is no longer wanted when its turn comes', async () => {
    const w = start({ readyAfterMs: 100 });
    let wanted = true;
    const pending = ask(w, 'late', 0, () => wanted);
    wanted = false;
    expect(await pending).toBeNull();
  });

  it('starts another worker when one dies and asks its questions again', async () => {
    const w = start();
    await w.ready();
    const [crashed, beside] = await Promise.all([ask(w, 'crash-once'), ask(w, 'beside')]);
    expect(crashed?.answer.question).toBe('crash-once');
    expect(beside?.answer.question).toBe('beside');
    expect(w.restarts()).toBe(1);
    expect(logLines.join('\n')).toContain('answer worker exited: starting another');
    expect((await ask(w, 'after'))?.answer.question).toBe('after');
  });

  it('fails a question that takes down every worker it reaches, and keeps answering the rest', async () => {
    const w = start();
    await w.ready();
    await expect(ask(w, 'crash-always')).rejects.toThrow(`${ANSWER_ATTEMPTS} workers exited`);
    expect((await ask(w, 'fine'))?.answer.question).toBe('fine');
    expect(w.restarts()).toBe(ANSWER_ATTEMPTS);
  });

  it('replaces a worker that does not answer in time', async () => {
    const w = start({}, 150);
    await w.ready();
    await expect(ask(w, 'hang')).rejects.toThrow('workers exited');
    expect(logLines.join('\n')).toContain('answer worker stuck');
    expect((await ask(w, 'fine'))?.answer.question).toBe('fine');
  });

  it("passes the engine's error to the asker", async () => {
    const w = start();
    await expect(ask(w, 'throw')).rejects.toThrow('engine exploded');
  });

  it('rejects ready and every question when the engine cannot load', async () => {
    const w = start({ failLoad: true });
    const pending = ask(w, 'never');
    await expect(w.ready()).rejects.toThrow('corpus unreadable');
    await expect(pending).rejects.toThrow('never loaded');
    await expect(ask(w, 'later')).rejects.toThrow('never loaded');
  });

  it('fails what still waits when closed', async () => {
    const w = start({ readyAfterMs: 1_000 });
    const failed = expect(ask(w, 'waiting')).rejects.toThrow('closed');
    await w.close();
    await failed;
  });

  it('adopts a thread started before it and hears what it posts only after adopting it', async () => {
    const early = spawnEarly({ markerDir: dir, early: true });
    // The thread is loading before the service: it waits for the adoption before it posts 'ready'.
    await new Promise((r) => setTimeout(r, 200));
    let heard = 0;
    early.worker.on('message', () => heard++);
    const w = startWith({ first: early });
    expect(await w.ready()).toEqual({ passages: 0, ms: 0 });
    expect((await ask(w, 'after'))?.answer.question).toBe('after');
    // 'ready' and the answer came from the adopted thread, not from one started in its place.
    expect(heard).toBe(2);
    expect(w.restarts()).toBe(0);
  });

  it('reports a thread that ended before it was adopted, with the error it raised', async () => {
    const early = spawnEarly({ markerDir: dir, throwAtStart: true });
    await new Promise<void>((resolve) => early.worker.once('exit', () => resolve()));
    const w = startWith({ first: early });
    await expect(w.ready()).rejects.toThrow('before its engine loaded');
    expect(logLines.join('\n')).toContain('thrown at start');
  });

  it('keeps the dictionary a worker read for itself for the workers after it', async () => {
    const handedBack: number[] = [];
    const w = startWith({
      data: { markerDir: dir, shareBytes: 64, dictionary: null } as unknown as AnswerWorkerData,
      onDictionary: (d) => handedBack.push(d.byteLength),
    });
    await w.ready();
    expect(handedBack).toEqual([64]);
    expect((await ask(w, 'dictionary?'))?.answer.answer).toBe('none');
    await ask(w, 'crash-once');
    // The worker started after the crash is given the first one's bytes instead of reading its own.
    expect((await ask(w, 'dictionary?'))?.answer.answer).toBe('64');
    expect(handedBack).toEqual([64]);
  });
});

/** What src/start.js does: the thread spawned first, its errors held until it is adopted. */
function spawnEarly(workerData: Record<string, unknown>): EarlyThread {
  const errors: Error[] = [];
  const hold = (error: Error) => errors.push(error);
  const spawned = new Worker(SCRIPT, { workerData });
  spawned.on('error', hold);
  return { worker: spawned, errors, hold };
}

function startWith(options: Partial<AnswerWorkerOptions>): AnswerWorker {
  worker = startAnswerWorker({
    script: SCRIPT,
    data: { markerDir: dir } as unknown as AnswerWorkerData,
    logger: createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } }),
    restartDelayMs: 10,
    ...options,
  });
  return worker;
}
