// The answer worker's own thread (answer-worker.ts is the other end): the engine over the configured
// directories, one message at a time. Nothing here touches HTTP, LINE or the database.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfigFromProcess } from '../config.ts';
import { createEngineHolder, liveEngine } from '../engine/holder.ts';
import { loadEngine } from '../engine/load-engine.ts';
import { readSharedDictionary, useSharedDictionary } from '../tokenizer.ts';
import {
  ANSWER_THREAD_NICE,
  type AnswerWorkerData,
  type FROM_ENVIRONMENT,
  type FromWorker,
  type ReloadOutcome,
  type ToWorker,
} from './answer-worker.ts';
import { replyOf } from './answers.ts';

const port = parentPort;
if (port === null) throw new Error('answer-worker-thread: run it with new Worker(), not directly');
const early = (workerData as Partial<typeof FROM_ENVIRONMENT>).fromEnvironment === true;
/** Started by `npm start` before the service's config was read: the same environment names the same directories. */
function dataFromEnvironment(): AnswerWorkerData {
  const { corpusDir, dictionariesDir } = loadConfigFromProcess();
  return { corpusDir, dictionariesDir, dictionary: null };
}
const data = early ? dataFromEnvironment() : (workerData as AnswerWorkerData);
/** An early thread posts nothing before the service listens to it (its 'adopt'): a message then would be lost. */
const adopted = early
  ? new Promise<void>((resolve) => port.once('message', () => resolve()))
  : Promise.resolve();

function yieldToAcknowledgements(): void {
  try {
    // "<pid>/task/<tid>": setpriority on a thread id sets that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(tid)) setPriority(tid, ANSWER_THREAD_NICE);
  } catch {
    // No /proc (not Linux) or not permitted: answers share the CPU evenly, as any thread does.
  }
}
yieldToAcknowledgements();
if (data.dictionary) useSharedDictionary(data.dictionary);
// Without one, this thread reads the dictionary into shared memory and hands it back for the workers after it.
const dictionary = data.dictionary ? Promise.resolve(data.dictionary) : readSharedDictionary();

const post = (message: FromWorker) => port.postMessage(message);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const started = performance.now();
const holder = createEngineHolder({
  // The tokenizer reads the shared bytes: the engine loads once they are in.
  load: async () => {
    await dictionary;
    return loadEngine({
      corpusDir: data.corpusDir,
      dictionariesDir: data.dictionariesDir,
      ...(data.snapshotFile !== undefined ? { snapshotFile: data.snapshotFile } : {}),
    });
  },
  dictionariesDir: data.dictionariesDir,
});
const engine = liveEngine(holder);

type Request = Exclude<ToWorker, { kind: 'adopt' }>;

async function handle(message: Request): Promise<FromWorker> {
  switch (message.kind) {
    case 'ask': {
      const reply = replyOf(engine, {
        question: message.question,
        now: new Date(message.now),
        ...(message.municipality !== undefined ? { municipality: message.municipality } : {}),
      });
      return { kind: 'done', id: message.id, value: reply };
    }
    case 'passage':
      return { kind: 'done', id: message.id, value: engine.lookupPassage(message.passageId) ?? null };
    case 'reload': {
      const result = await holder.reload();
      const value: ReloadOutcome = result.ok
        ? { ok: true, ms: result.ms, passages: result.loaded.passages.length }
        : { ok: false, errors: result.errors };
      return { kind: 'done', id: message.id, value };
    }
  }
}

try {
  const loaded = await holder.ready();
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'adopt') return;
    handle(message).then(post, (error: unknown) =>
      post({ kind: 'error', id: message.id, error: errorText(error) }),
    );
  });
  const shared = await dictionary;
  await adopted;
  post({
    kind: 'ready',
    passages: loaded.passages.length,
    ms: Math.round(performance.now() - started),
    dictionary: shared,
  });
} catch (error) {
  await adopted;
  post({ kind: 'load_failed', error: errorText(error) });
  process.exit(1);
}
