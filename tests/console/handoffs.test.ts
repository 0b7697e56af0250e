// The お問い合わせ routes: who may do what, and what a bad request gets.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffAccount } from '../../src/console/pages/handoffs.ts';
import { createHandoffSeal } from '../../src/store/handoff-seal.ts';
import { handoffThread } from '../store-contract/contract.ts';
import { ACCOUNTS, addAccounts, createHarness, type Harness, logIn, passwordOf } from './harness.ts';

const [, editor, viewer] = ACCOUNTS;
const USER_ID = `U${'1a2b3c4d'.repeat(4)}`;
const THREAD = '00000000-0000-4000-8000-000000000001';
const seal = createHandoffSeal(Buffer.alloc(32, 4));

let h: Harness;
const pushed: { to: string; retryKey: string }[] = [];
const account: HandoffAccount = {
  push: async (to, _messages, retryKey) => {
    pushed.push({ to, retryKey });
    return { ok: true };
  },
  quota: async () => ({ limit: 200, used: 200 }),
};

beforeAll(async () => {
  h = await createHarness();
  await addAccounts(h.store);
  await h.store.handoffs.create(handoffThread(THREAD, { sealedUserId: seal.seal(USER_ID) }));
}, 60_000);
afterAll(async () => {
  await h.close();
});

const agentAs = async (
  name: string,
  handoffs?: { seal: typeof seal | null; account: () => HandoffAccount | null },
) => {
  const agent = request.agent(h.app(handoffs ? { handoffs } : {}));
  return { agent, csrf: await logIn(agent, passwordOf(name), name) };
};

describe('お問い合わせ', () => {
  it('refuses a viewer a reply or a close with 403', async () => {
    const { agent, csrf } = await agentAs(viewer.name, { seal, account: () => account });
    await agent.get(`/console/handoffs/${THREAD}`).expect(200);
    await agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({ _csrf: csrf, reply: 'x' })
      .expect(403);
    await agent.post(`/console/handoffs/${THREAD}/close`).type('form').send({ _csrf: csrf }).expect(403);
    expect((await h.store.handoffs.get(THREAD))?.status).toBe('open');
  });

  it('answers 404 for an unknown or malformed thread id', async () => {
    const { agent } = await agentAs(editor.name);
    await agent.get('/console/handoffs/00000000-0000-4000-8000-00000000ffff').expect(404);
    await agent.get('/console/handoffs/..%2F..%2Fetc').expect(404);
  });

  it('sends nothing without HANDOFF_KEY, or when the month’s quota is used up', async () => {
    const noKey = await agentAs(editor.name, { seal: null, account: () => account });
    const page = await noKey.agent.get(`/console/handoffs/${THREAD}`).expect(200);
    expect(page.text).toContain('HANDOFF_KEY');
    await noKey.agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({ _csrf: noKey.csrf, reply: '回答' })
      .expect(303);
    const full = await agentAs(editor.name, { seal, account: () => account });
    const shown = await full.agent.get(`/console/handoffs/${THREAD}`).expect(200);
    expect(shown.text).toContain('送信上限に達している');
    await full.agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({ _csrf: full.csrf, reply: '回答' })
      .expect(303);
    expect(pushed).toEqual([]);
    expect((await h.store.handoffs.get(THREAD))?.reply).toBeNull();
  });

  it('refuses an empty or oversized reply without storing it', async () => {
    const { agent, csrf } = await agentAs(editor.name, {
      seal,
      account: () => ({ ...account, quota: async () => null }),
    });
    for (const reply of ['', ' ', 'a'.repeat(1501)]) {
      await agent
        .post(`/console/handoffs/${THREAD}/reply`)
        .type('form')
        .send({ _csrf: csrf, reply })
        .expect(303);
    }
    expect(pushed).toEqual([]);
    expect((await h.store.handoffs.get(THREAD))?.reply).toBeNull();
  });

  it('accepts a reply of the longest length in Japanese within the form limit', async () => {
    const { agent, csrf } = await agentAs(editor.name, { seal: null, account: () => account });
    await agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({
        _csrf: csrf,
        reply: 'あ'.repeat(1500),
        faq: 'on',
        department: '市民課',
        municipality: '釧路市',
      })
      .expect(303);
  });

  it('pushes to the decrypted user id once, and writes no resident text to the audit log', async () => {
    const { agent, csrf } = await agentAs(editor.name, {
      seal,
      account: () => ({ ...account, quota: async () => null }),
    });
    await agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({ _csrf: csrf, reply: '回答です' })
      .expect(303);
    await agent
      .post(`/console/handoffs/${THREAD}/reply`)
      .type('form')
      .send({ _csrf: csrf, reply: '別の回答' })
      .expect(303);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.to).toBe(USER_ID);
    expect(pushed[0]?.retryKey).toBe((await h.store.handoffs.get(THREAD))?.reply?.retryKey);
    const audit = await h.store.audit.list({ limit: 10, offset: 0, action: 'handoff.reply' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('粗大ごみ');
    expect(JSON.stringify(audit)).not.toContain(USER_ID);
  });
});
