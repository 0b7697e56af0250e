// Replacing and removing documents from the console, and the audit log of every change (issue 13 §2, §3).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { type Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, addAccounts, createHarness, csrfOf, type Harness, logIn, passwordOf } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await addAccounts(h.store);
}, 60_000);
afterAll(async () => {
  await h.close();
});

const [, editor, viewer] = ACCOUNTS;
const TARGET = 'kushiro-machizukuri-kihon-koso-gaiyo';
const NEW_TEXT = [
  '# 釧路市まちづくり基本構想（改訂版）',
  '',
  '## 計画期間',
  '',
  '計画期間は令和10年度から令和19年度までの10年間です。',
  '',
  '## 将来像',
  '',
  '人が集い、活力に満ちたまちを目指します。市民と行政が協力して取り組みます。',
].join('\n');

async function as(name: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(h.app());
  const csrf = await logIn(agent, passwordOf(name), name);
  return { agent, csrf };
}

const file = () => readFileSync(join(h.corpusDir, `${TARGET}.txt`), 'utf8');

describe('Replacing a document', () => {
  it('shows the old and new counts, changes nothing on cancel, and replaces on confirmation', async () => {
    const { agent, csrf } = await as(editor.name);
    const page = await agent.get(`/console/documents/${TARGET}`).expect(200);
    expect(page.text).toContain('この資料を変更する');
    const before = file();

    const staged = await agent
      .post(`/console/documents/${TARGET}/replace`)
      .field('_csrf', csrf)
      .attach('file', Buffer.from(NEW_TEXT), 'kihon-koso-kaitei.md')
      .expect(200);
    expect(staged.text).toContain('を置き換えますか');
    expect(staged.text).toMatch(/いまの資料<\/dt><dd>段落 \d+件/);
    expect(staged.text).toMatch(/新しい版<\/dt><dd>段落 \d+件/);
    const token = /name="token" value="([a-f0-9]{32})"/.exec(staged.text)?.[1] ?? '';
    // Staged beside the corpus under a name the loader never reads.
    expect(readdirSync(h.corpusDir).filter((n) => n.endsWith('.staged'))).toHaveLength(1);
    expect(file()).toBe(before);

    await agent
      .post(`/console/documents/${TARGET}/replace/confirm`)
      .type('form')
      .send({ _csrf: csrf, token, decision: 'cancel' })
      .expect(303);
    expect(file()).toBe(before);
    expect(readdirSync(h.corpusDir).filter((n) => n.endsWith('.staged'))).toHaveLength(0);

    const again = await agent
      .post(`/console/documents/${TARGET}/replace`)
      .field('_csrf', csrf)
      .attach('file', Buffer.from(NEW_TEXT), 'kihon-koso-kaitei.md')
      .expect(200);
    const token2 = /name="token" value="([a-f0-9]{32})"/.exec(again.text)?.[1] ?? '';
    await agent
      .post(`/console/documents/${TARGET}/replace/confirm`)
      .type('form')
      .send({ _csrf: csrf, token: token2, decision: 'confirm' })
      .expect(303);
    expect(file()).toContain('令和10年度から令和19年度');
    expect(file()).toContain('title: 釧路市まちづくり基本構想');
    const notice = await agent.get('/console/documents').expect(200);
    expect(notice.text).toContain('を置き換えました');

    const [entry] = await h.store.audit.list({ limit: 1, offset: 0 });
    expect(entry).toMatchObject({ actor: editor.name, action: 'document.replace', target: TARGET });
    expect(entry?.before).toMatch(/段落 \d+件/);
    expect(entry?.after).toMatch(/段落 \d+件/);
    expect(entry?.before).not.toBe(entry?.after);
  });

  it('refuses an unknown or forged token and a file that cannot be read, and leaves the document', async () => {
    const { agent, csrf } = await as(editor.name);
    const before = file();
    for (const token of ['0'.repeat(32), '../../etc/passwd', '']) {
      await agent
        .post(`/console/documents/${TARGET}/replace/confirm`)
        .type('form')
        .send({ _csrf: csrf, token, decision: 'confirm' })
        .expect(303);
    }
    const bad = await agent
      .post(`/console/documents/${TARGET}/replace`)
      .field('_csrf', csrf)
      .attach('file', Buffer.from([0, 1, 2, 3, 0, 0, 255]), 'broken.pdf');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('追加しませんでした');
    expect(file()).toBe(before);
  });
});

describe('Removing a document', () => {
  it('asks first, then removes the file and records who did it', async () => {
    const id = 'kushiro-sogo-seisaku-jimu-gaiyo';
    const { agent, csrf } = await as(editor.name);
    const confirm = await agent.get(`/console/documents/${id}/remove`).expect(200);
    expect(confirm.text).toContain('を削除しますか');
    expect(existsSync(join(h.corpusDir, `${id}.txt`))).toBe(true);
    await agent.post(`/console/documents/${id}/remove`).type('form').send({ _csrf: csrf }).expect(303);
    expect(existsSync(join(h.corpusDir, `${id}.txt`))).toBe(false);
    const [entry] = await h.store.audit.list({ limit: 1, offset: 0 });
    expect(entry).toMatchObject({ actor: editor.name, action: 'document.remove', target: id, after: null });
  });

  it('is refused to a viewer, who sees no change form either', async () => {
    const { agent, csrf } = await as(viewer.name);
    const page = await agent.get(`/console/documents/${TARGET}`).expect(200);
    expect(page.text).not.toContain('この資料を変更する');
    await agent.get(`/console/documents/${TARGET}/remove`).expect(403);
    await agent.post(`/console/documents/${TARGET}/remove`).type('form').send({ _csrf: csrf }).expect(403);
    await agent
      .post(`/console/documents/${TARGET}/replace`)
      .field('_csrf', csrf)
      .attach('file', Buffer.from(NEW_TEXT), 'x.md')
      .expect(403);
    expect(existsSync(join(h.corpusDir, `${TARGET}.txt`))).toBe(true);
  });
});

describe('Audit log', () => {
  it('records an upload and a reload with before and after, shown to editors and not to viewers', async () => {
    const { agent, csrf } = await as(editor.name);
    await agent
      .post('/console/documents/upload')
      .field('_csrf', csrf)
      .field('title', '監査テスト資料')
      .field('municipality', '釧路市')
      .attach(
        'file',
        Buffer.from('# 監査テスト\n\n## 受付\n\n受付時間は9時から17時までです。'),
        'audit-test.md',
      )
      .expect(303);
    await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
    const log = await agent.get('/console/audit').expect(200);
    expect(log.text).toContain('資料の追加');
    expect(log.text).toContain('監査テスト資料');
    expect(log.text).toContain('資料と辞書の読み込み直し');
    expect(log.text).toContain(editor.name);
    const [reload, upload] = await h.store.audit.list({ limit: 2, offset: 0 });
    expect(upload).toMatchObject({ action: 'document.upload', before: null });
    expect(reload?.before).toMatch(/^資料 \d+件・段落 \d+件$/);
    expect(reload?.after).toMatch(/^資料 \d+件・段落 \d+件$/);
    const filtered = await agent.get('/console/audit').query({ action: 'document.upload' }).expect(200);
    expect(filtered.text).not.toContain('<td>資料と辞書の読み込み直し</td>');
    await agent.get('/console/audit').query({ action: 'nonsense', page: '-3' }).expect(200);

    const { agent: reader } = await as(viewer.name);
    await reader.get('/console/audit').expect(403);
  });

  it('records a dictionary reload with the dictionary sizes', async () => {
    const { agent, csrf } = await as(editor.name);
    await agent.post('/console/dictionaries/reload').type('form').send({ _csrf: csrf }).expect(303);
    const [entry] = await h.store.audit.list({ limit: 1, offset: 0, action: 'dictionary.reload' });
    expect(entry?.after).toMatch(/^ユーザー辞書 \d+語・同義語 \d+件/);
    expect(csrfOf((await agent.get('/console/audit')).text)).toBeTruthy();
  });
});
