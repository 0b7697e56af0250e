// 職員に聞く end to end: signed webhooks into the real service and engine, the console's お問い合わせ
// page, and the staff reply pushed through the real SDK client to the fake LINE API.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { parsePostback } from '../../src/line/postback.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { csrfOf } from '../console/harness.ts';
import { type FakeLineApi, type FakeLineCall, startFakeLineApi } from '../support/fake-line-api.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';
import {
  ACCESS_TOKEN,
  CHANNEL_SECRET,
  deliverWebhook,
  postbackEvent,
  textEvent,
  USER_ID,
} from './webhook-fixtures.ts';

const QUESTION = '粗大ごみの出し方を教えてください';
const REPLY =
  '粗大ごみは前日までに粗大ごみ受付センターへ電話で申し込み、指定日の朝8時30分までに出してください。';
const HANDOFF_KEY = Buffer.alloc(32, 5).toString('base64');

const logLines: string[] = [];
let fake: FakeLineApi;
let service: Service;
let shipped: ReturnType<typeof copyShippedCorpus>;

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  shipped = copyShippedCorpus('kotae-handoff-');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KOTAE_DATA_DIR: join(shipped.dir, 'data'),
    KOTAE_CORPUS_DIR: shipped.corpusDir,
    KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
    LINE_API_BASE_URL: fake.baseURL,
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    HANDOFF_KEY,
    LOG_LEVEL: 'debug',
  });
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logLines.push(line) },
  });
  service = await startService({ config, logger });
  await service.ready;
}, 60_000);

afterAll(async () => {
  await service?.shutdown(1_000);
  await fake?.close();
  rmSync(shipped.dir, { recursive: true, force: true });
});

async function deliver(event: Record<string, unknown>): Promise<FakeLineCall> {
  const before = fake.calls.length;
  await deliverWebhook(service, [event]);
  const reply = fake.calls.slice(before).find((c) => c.path === '/v2/bot/message/reply');
  if (!reply) throw new Error('no reply');
  return reply;
}

const ask = (text: string) => deliver(textEvent(text, { replyToken: fake.issueReplyToken() }));
const tap = (data: string) => deliver(postbackEvent(data, { replyToken: fake.issueReplyToken() }));

interface SentMessage {
  text?: string;
  altText?: string;
  quickReply?: { items: { action: { label: string; data?: string } }[] };
}
const firstMessage = (call: FakeLineCall) => (call.body as { messages: SentMessage[] }).messages[0] ?? {};
const postbackLabeled = (call: FakeLineCall, label: string) =>
  firstMessage(call).quickReply?.items.find((i) => i.action.label === label)?.action.data ?? '';
const pushes = () => fake.calls.filter((c) => c.path === '/v2/bot/message/push');

describe('a handoff round trip', () => {
  let threadId = '';

  it('files the declined question as a thread after the resident confirms', async () => {
    const declined = await ask(QUESTION);
    const staff = parsePostback(postbackLabeled(declined, '職員に聞く'));
    expect(staff).toMatchObject({ kind: 'staff' });
    const confirm = await tap(postbackLabeled(declined, '職員に聞く'));
    expect(firstMessage(confirm).text).toContain(QUESTION);
    expect(await service.store.handoffs.countOpen()).toBe(0);

    const filed = await tap(postbackLabeled(confirm, '送る'));
    expect(firstMessage(filed).text).toContain('職員にお送りしました');
    const [thread] = await service.store.handoffs.listOpen(10);
    expect(thread?.question).toBe(QUESTION);
    expect(thread?.sealedUserId).toEqual(expect.any(String));
    threadId = thread?.id ?? '';
  });

  it('lists the thread for staff and shows the month’s quota before sending', async () => {
    const agent = request.agent(service.url);
    const list = await agent.get('/console/handoffs').expect(200);
    expect(list.text).toContain(QUESTION);
    const page = await agent.get(`/console/handoffs/${threadId}`).expect(200);
    expect(page.text).toContain('今月の送信数');
    expect(page.text).toContain('0通 ／ 上限 200通');
    expect(fake.quotaCalls.map((c) => c.path).sort()).toEqual([
      '/v2/bot/message/quota',
      '/v2/bot/message/quota/consumption',
    ]);
  });

  it('reaches the resident once although the first push’s answer is lost and staff send again', async () => {
    const agent = request.agent(service.url);
    const page = await agent.get(`/console/handoffs/${threadId}`).expect(200);
    fake.setEndpointBehavior('/v2/bot/message/push', 'lose');
    await agent
      .post(`/console/handoffs/${threadId}/reply`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        reply: REPLY,
        faq: 'on',
        department: '市民課',
        municipality: '釧路市',
      })
      .expect(303);
    const saved = await service.store.handoffs.get(threadId);
    expect(saved?.reply).toMatchObject({ text: REPLY, sentAt: null });
    expect(pushes().length).toBeGreaterThan(1);
    expect(new Set(pushes().map((c) => c.headers['x-line-retry-key']))).toEqual(
      new Set([saved?.reply?.retryKey]),
    );

    fake.setEndpointBehavior('/v2/bot/message/push', null);
    const retry = await agent.get(`/console/handoffs/${threadId}`).expect(200);
    expect(retry.text).toContain('もう一度送る');
    await agent
      .post(`/console/handoffs/${threadId}/reply`)
      .type('form')
      .send({ _csrf: csrfOf(retry.text), faq: 'on', department: '市民課', municipality: '釧路市' })
      .expect(303);
    expect(fake.quotaUsed()).toBe(1);
    expect(pushes().at(-1)?.status).toBe(409);
    const push = pushes()[0];
    expect((push?.body as { to?: string } | undefined)?.to).toBe(USER_ID);
    expect(JSON.stringify(push?.body)).toContain(REPLY);
    expect((await service.store.handoffs.get(threadId))?.reply?.sentAt).toEqual(expect.any(Number));
    const audit = await service.store.audit.list({ limit: 10, offset: 0, action: 'handoff.reply' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(QUESTION);
  });

  it('answers the same question from the FAQ document with the staff citation', async () => {
    const thread = await service.store.handoffs.get(threadId);
    const file = readdirSync(shipped.corpusDir).find((f) => f === `${thread?.faqDocument}.txt`);
    expect(file).toBeDefined();
    const text = readFileSync(join(shipped.corpusDir, file ?? ''), 'utf8');
    expect(text).toMatch(/^department: 市民課$/m);
    expect(text).toMatch(/^date: \d{4}-\d{2}-\d{2}$/m);
    expect(text).toMatch(/^source: .*（管理者）$/m);
    const answered = await ask(QUESTION);
    const shown = JSON.stringify(answered.body);
    expect(shown).toContain('職員回答（市民課・');
    expect(shown).toContain('受付センター');
  });

  it('deletes the sealed user id when the thread is closed', async () => {
    const agent = request.agent(service.url);
    const page = await agent.get(`/console/handoffs/${threadId}`).expect(200);
    await agent
      .post(`/console/handoffs/${threadId}/close`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(await service.store.handoffs.get(threadId)).toMatchObject({
      status: 'closed',
      sealedUserId: null,
    });
    expect((await agent.get('/console/handoffs').expect(200)).text).not.toContain(QUESTION);
  });

  it('deletes the resident’s records on データ削除', async () => {
    const done = await ask('データ削除');
    expect(firstMessage(done).text).toContain('削除しました');
    expect(await service.store.interactions.count({})).toBe(0);
    expect(await service.store.handoffs.get(threadId)).toBeNull();
  });

  it('removes an FAQ entry in one click, and the bot stops citing it', async () => {
    const agent = request.agent(service.url);
    const page = await agent.get('/console/handoffs').expect(200);
    const id = /data-faq="([^"]+)"/.exec(page.text)?.[1] ?? '';
    expect(id).not.toBe('');
    await agent
      .post(`/console/handoffs/faq/${id}/remove`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(readdirSync(shipped.corpusDir)).not.toContain(`${id}.txt`);
    expect(JSON.stringify((await ask(QUESTION)).body)).not.toContain('職員回答');
    const audit = await service.store.audit.list({ limit: 10, offset: 0, action: 'document.remove' });
    expect(audit[0]?.target).toBe(id);
  });

  it('writes no raw LINE user id to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(USER_ID);
  });
});
