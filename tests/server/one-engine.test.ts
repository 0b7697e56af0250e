// The service builds one serving engine and hands it to the LINE side and the console alike: a console
// built its own from KOTAE_CORPUS_DIR before, so injected engines left staff looking at another one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createEngineHolder } from '../../src/engine/holder.ts';
import { DICTIONARY_FILES } from '../../src/engine/load-engine.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { csrfOf } from '../console/harness.ts';
import { fakeLoadedEngine } from '../support/fake-engines.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { FakeEngine, PASSAGE } from './fakes.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET, deliverWebhook, textEvent } from './webhook-fixtures.ts';

let fake: FakeLineApi;
let dir: string;
let service: Service;
const logLines: string[] = [];
const engines = [new FakeEngine(), new FakeEngine()];
let loads = 0;

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'kotae-one-engine-'));
  // Nothing a second engine could be built from: an empty corpus and empty dictionaries.
  const corpusDir = join(dir, 'corpus');
  const dictionariesDir = join(dir, 'dictionaries');
  mkdirSync(corpusDir);
  mkdirSync(dictionariesDir);
  for (const name of [DICTIONARY_FILES.userTerms, DICTIONARY_FILES.synonyms, DICTIONARY_FILES.stopwords]) {
    writeFileSync(join(dictionariesDir, name), '');
  }
  const holder = createEngineHolder({
    load: async () => {
      const engine = engines[Math.min(loads, engines.length - 1)] ?? new FakeEngine();
      loads += 1;
      return fakeLoadedEngine(engine, [PASSAGE]);
    },
    dictionariesDir,
  });
  service = await startService({
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      KOTAE_DATA_DIR: join(dir, 'data'),
      KOTAE_CORPUS_DIR: corpusDir,
      KOTAE_DICTIONARIES_DIR: dictionariesDir,
      LINE_API_BASE_URL: fake.baseURL,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    }),
    logger: createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } }),
    engines: holder,
  });
  await service.ready;
});

afterAll(async () => {
  await service?.shutdown(1_000);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (question: string) =>
  deliverWebhook(service, [textEvent(question, { replyToken: fake.issueReplyToken() })]);

describe('One serving engine', () => {
  it('shows staff the engine the service was given, and builds no second one', async () => {
    const agent = request.agent(service.url);
    const documents = await agent.get('/console/documents').expect(200);
    expect(documents.text).toContain(PASSAGE.title);
    await agent.get(`/console/documents/${PASSAGE.docId}`).expect(200);
    await agent.get(`/console/ask?${new URLSearchParams({ q: '無料法律相談はいつ？' })}`).expect(200);
    expect(loads).toBe(1);
    expect(logLines.join('\n')).not.toContain('console engine failed to load');
  });

  it('answers residents from the engine a console reload swapped in', async () => {
    const [first, second] = engines as [FakeEngine, FakeEngine];
    await ask('無料法律相談はいつ？');
    expect(first.questions).toHaveLength(1);

    const agent = request.agent(service.url);
    const page = await agent.get('/console/documents').expect(200);
    await agent
      .post('/console/documents/reload')
      .type('form')
      .set('Origin', service.url)
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(loads).toBe(2);

    await ask('法律相談の予約は？');
    expect(second.questions.map((q) => q.question)).toEqual(['法律相談の予約は？']);
    expect(first.questions).toHaveLength(1);
  });
});
