// The service as `npm start` runs it: residents are answered by the engine in the answer worker, the console by
// one of its own built at its first request, and a reload from the console reaches both.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { serializeCorpusFile } from '../../src/corpus/document.ts';
import { loadEngine } from '../../src/engine/load-engine.ts';
import { ANSWER_THREAD_NICE } from '../../src/line/answer-worker.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { csrfOf } from '../console/harness.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { copyShippedCorpus, type ShippedCopy } from '../support/shipped-corpus.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET, deliverWebhook, textEvent } from './webhook-fixtures.ts';

const QUESTION = '釧路市まちづくり基本構想の計画期間は？';
const NEW_QUESTION = '流氷ウォークはいつ開催されますか';

let fake: FakeLineApi;
let shipped: ShippedCopy;
let service: Service;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  shipped = copyShippedCorpus('kotae-answer-worker-');
  service = await startService({
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      KOTAE_DATA_DIR: join(shipped.dir, 'data'),
      KOTAE_CORPUS_DIR: shipped.corpusDir,
      KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
      LINE_API_BASE_URL: fake.baseURL,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      KOTAE_NOW: '2026-04-01T09:00:00+09:00',
    }),
    logger: createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } }),
  });
  await service.ready;
}, 60_000);

afterAll(async () => {
  await service?.shutdown(1_000);
  await fake?.close();
  shipped?.remove();
});

const repliedText = async (question: string): Promise<string> => {
  fake.calls.length = 0;
  await deliverWebhook(service, [textEvent(question, { replyToken: fake.issueReplyToken() })]);
  expect(fake.calls).toHaveLength(1);
  expect(fake.calls[0]?.status).toBe(200);
  return JSON.stringify((fake.calls[0]?.body as { messages?: unknown[] } | undefined)?.messages);
};

describe('Answers from the answer worker', () => {
  it('answers residents from the worker with the answer this thread would give', async () => {
    expect(logLines.join('\n')).toContain('"answers":"worker"');
    const here = await loadEngine({
      corpusDir: shipped.corpusDir,
      dictionariesDir: shipped.dictionariesDir,
      snapshotFile: null,
    });
    const expected = here.engine.ask(QUESTION, { now: new Date('2026-04-01T09:00:00+09:00') });
    expect(expected.answered).toBe(true);
    const replied = await repliedText(QUESTION);
    if (!expected.answered) return;
    for (const line of expected.answer.split('\n')) expect(replied).toContain(line);
    expect(replied).toContain(expected.citation);
    const record = (await service.store.interactions.list({ limit: 1 }))[0];
    expect(record).toMatchObject({ question: QUESTION, answered: true, sources: expected.sources });
  });

  it.skipIf(process.platform !== 'linux')(
    'answers at a lower priority than the thread that acknowledges webhooks',
    () => {
      // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the parenthesized name).
      const niceOf = (tid: string) =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
      const nices = readdirSync('/proc/self/task').map(niceOf);
      expect(niceOf(String(process.pid))).toBe(0);
      expect(nices).toContain(ANSWER_THREAD_NICE);
    },
  );

  it('serves the console from its own engine and passes its reload on to the worker', async () => {
    const agent = request.agent(service.url);
    const csrf = csrfOf((await agent.get('/console/documents').expect(200)).text);
    expect(await repliedText(NEW_QUESTION)).not.toContain('令和10年1月5日');
    writeFileSync(
      join(shipped.corpusDir, 'kushiro-ryuhyo-walk.txt'),
      serializeCorpusFile(
        { id: 'kushiro-ryuhyo-walk', title: '流氷ウォーク案内', municipality: '釧路市', source: 'walk.txt' },
        '# 流氷ウォーク\n\n流氷ウォークは令和10年1月5日に釧路川河畔で開催します。\n',
      ),
    );
    await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
    const asked = await agent.get('/console/ask').query({ q: NEW_QUESTION, m: '釧路市' });
    expect(asked.text).toContain('令和10年1月5日');
    expect(await repliedText(NEW_QUESTION)).toContain('令和10年1月5日');
  });
});

describe('Stopping before the answer worker is ready', () => {
  it('stops cleanly and does not report a failed engine load', async () => {
    const copy = copyShippedCorpus('kotae-answer-worker-stop-');
    const lines: string[] = [];
    try {
      const early = await startService({
        config: loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          KOTAE_DATA_DIR: join(copy.dir, 'data'),
          KOTAE_CORPUS_DIR: copy.corpusDir,
          KOTAE_DICTIONARIES_DIR: copy.dictionariesDir,
        }),
        logger: createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }),
      });
      await early.shutdown(1_000);
      await expect(early.ready).resolves.toBeUndefined();
      expect(lines.join('\n')).toContain('"msg":"stopped"');
    } finally {
      copy.remove();
    }
  });
});

describe('File watching with the answer worker', () => {
  it('reloads the worker when a corpus file changes, before the console has built its engine', async () => {
    const copy = copyShippedCorpus('kotae-answer-worker-watch-');
    const watched = await startService({
      config: loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: join(copy.dir, 'data'),
        KOTAE_CORPUS_DIR: copy.corpusDir,
        KOTAE_DICTIONARIES_DIR: copy.dictionariesDir,
        KOTAE_WATCH_FILES: 'true',
        LINE_API_BASE_URL: fake.baseURL,
        LINE_CHANNEL_SECRET: CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      }),
      logger: createLogger({ level: 'silent' }),
    });
    try {
      await watched.ready;
      writeFileSync(
        join(copy.corpusDir, 'kushiro-shiroi-neko.txt'),
        serializeCorpusFile(
          {
            id: 'kushiro-shiroi-neko',
            title: '白猫まつり開催要項',
            municipality: '釧路市',
            source: 'neko.txt',
          },
          '# 白猫まつり\n\n白猫まつりは令和9年8月12日に幣舞公園で開催します。\n',
        ),
      );
      let replied = '';
      for (let i = 0; i < 40 && !replied.includes('令和9年8月12日'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        fake.calls.length = 0;
        await deliverWebhook(watched, [
          textEvent('白猫まつりはいつ開催されますか', { replyToken: fake.issueReplyToken() }),
        ]);
        replied = JSON.stringify(fake.calls[0]?.body ?? null);
      }
      expect(replied).toContain('令和9年8月12日');
    } finally {
      await watched.shutdown(1_000);
      copy.remove();
    }
  }, 30_000);
});
