import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAPACITY_TARGET_SHARE,
  LINE_LATENCY_MS,
  measureReplyCapacity,
  readOutcomes,
} from '../../bench/reply-capacity.ts';
import { type ServerProcess, startServerProcess } from '../../bench/server-process.ts';
import { loadQuestions } from '../../src/eval/questions.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { copyShippedCorpus, type ShippedCopy } from '../support/shipped-corpus.ts';

const SECRET = 'capacity-channel-secret-0123456789';
const TOKEN = 'capacity-access-token';
/** The offered load, for a few seconds so the test stays well under 20 s. */
const EVENTS_PER_SECOND = 200;
const SECONDS = 4;

let fake: FakeLineApi;
let server: ServerProcess;
let dataDir: string;
let shipped: ShippedCopy;

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: TOKEN, latencyMs: LINE_LATENCY_MS });
  dataDir = mkdtempSync(join(tmpdir(), 'kotae-capacity-'));
  // The shipped corpus from git, not the working corpus/ that staff may be editing.
  shipped = copyShippedCorpus();
  server = await startServerProcess({
    script: 'src/main.ts',
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      KOTAE_DATA_DIR: dataDir,
      KOTAE_CORPUS_DIR: shipped.corpusDir,
      KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
      LOG_LEVEL: 'info',
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: fake.baseURL,
    },
    timeoutMs: 30_000,
  });
}, 40_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
  shipped?.remove();
});

describe('reply capacity', () => {
  it(`answers at least 99% of ${EVENTS_PER_SECOND} events/s exactly once while LINE takes ${LINE_LATENCY_MS} ms`, async () => {
    const questions = (await loadQuestions('tests/eval/questions.jsonl')).map((q) => q.question);
    const result = await measureReplyCapacity({
      url: server.url,
      secret: SECRET,
      fake,
      questions,
      eventsPerSecond: EVENTS_PER_SECOND,
      seconds: SECONDS,
      drainMs: 8_000,
    });
    const summary = JSON.stringify(result);
    expect(result.acknowledged, summary).toBe(result.offered);
    expect(result.repliedTwice, summary).toBe(0);
    expect(result.answeredOnce / result.offered, summary).toBeGreaterThanOrEqual(CAPACITY_TARGET_SHARE);
    await server.stop();
    const recorded = readOutcomes(dataDir);
    expect(recorded, summary).toMatchObject({ expired: 0, unsettled: 0 });
    console.log(`capacity: ${summary}; server: ${JSON.stringify(recorded)}`);
  }, 30_000);
});
