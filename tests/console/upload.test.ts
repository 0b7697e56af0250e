import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request, { type Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanFileName, readUploadForm } from '../../src/console/pages/document-upload.ts';
import { pendingChanges } from '../../src/console/pages/documents.ts';
import { createEngineHolder, type EngineHolder } from '../../src/engine/holder.ts';
import { loadEngine } from '../../src/engine/load-engine.ts';
import { FIXTURE_FACTS } from '../corpus-add/facts.ts';
import { createHarness, csrfOf, type Harness } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '..', 'corpus-add', 'fixtures');

let h: Harness;
let corpusDir: string;
let engines: EngineHolder;

beforeAll(async () => {
  h = await createHarness();
  corpusDir = h.corpusDir;
  engines = createEngineHolder({
    load: () => loadEngine({ corpusDir, dictionariesDir: h.dictionariesDir, snapshotFile: null }),
    dictionariesDir: h.dictionariesDir,
  });
  await engines.ready();
}, 60_000);
afterAll(async () => {
  await h.close();
});

const app = () => h.app({ env: { KOTAE_CORPUS_DIR: corpusDir }, engines });

/** Every file of the corpus dir with its content, to prove a refusal changed nothing. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(corpusDir).map((n) => [n, readFileSync(join(corpusDir, n), 'latin1')]),
  );
}

async function open(): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app());
  const page = await agent.get('/console/documents').expect(200);
  return { agent, csrf: csrfOf(page.text) };
}

function upload(
  agent: Agent,
  csrf: string | null,
  fields: Record<string, string>,
  file: string | { buffer: Buffer; name: string } | null,
) {
  let req = agent.post('/console/documents/upload');
  if (csrf !== null) req = req.field('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  if (typeof file === 'string') req = req.attach('file', join(FIXTURES, file));
  else if (file) req = req.attach('file', file.buffer, file.name);
  return req;
}

const META = { title: '追加テスト資料', municipality: '釧路市' };

describe('Documents page', () => {
  it('offers an upload form with a label for every field, the CSRF token first, and the reload button', async () => {
    const { agent } = await open();
    const page = await agent.get('/console/documents').expect(200);
    const form = /<form method="post" action="\/console\/documents\/upload"[^>]*>([\s\S]*?)<\/form>/.exec(
      page.text,
    );
    expect(form?.[0]).toContain('enctype="multipart/form-data"');
    const body = form?.[1] ?? '';
    expect(body.indexOf('name="_csrf"')).toBeLessThan(body.indexOf('name="file"'));
    for (const name of ['file', 'title', 'municipality', 'department', 'period', 'date', 'sourceUrl']) {
      expect(body).toContain(`<label for="up-${name}">`);
      expect(body).toContain(`id="up-${name}" name="${name}"`);
    }
    expect(page.text).toContain('資料と辞書を読み込み直す');
    expect(page.text).toContain('action="/console/documents/reload"');
  });
});

describe('Upload', () => {
  it('adds each committed fixture to the corpus dir and shows its summary', async () => {
    const { agent, csrf } = await open();
    for (const name of Object.keys(FIXTURE_FACTS)) {
      const res = await upload(agent, csrf, { ...META, title: `追加テスト ${name}` }, name);
      expect(res.status, `${name}: ${res.text.slice(0, 2000)}`).toBe(303);
      expect(res.headers.location).toBe('/console/documents');
      const page = await agent.get('/console/documents').expect(200);
      expect(page.text).toContain(`「追加テスト ${name}」を追加しました`);
      expect(page.text).toMatch(/段落 [1-9]\d*件・見出し \d+件・表 \d+件/);
      expect(page.text).toContain('まだ回答には使われていません');
      const id = /資料ID: ([a-z0-9-]+)/.exec(page.text)?.[1];
      expect(readFileSync(join(corpusDir, `${id}.txt`), 'utf8')).toContain(`source: ${name}`);
      expect(page.text).toMatch(new RegExp(`まだ回答に使われていない資料ファイル: [^<]*${id}\\.txt`));
    }
  });

  it('keeps the file name and metadata as given, escaped on the page', async () => {
    const { agent, csrf } = await open();
    const res = await upload(
      agent,
      csrf,
      {
        title: '<script>alert(1)</script> 国際交流',
        municipality: '釧路市',
        department: '総合政策部',
        period: '令和7年度',
        date: '2026-04-01',
        sourceUrl: 'https://www.city.kushiro.lg.jp/kokusai.html',
      },
      {
        buffer: Buffer.from('# 姉妹都市\n\n雪まつりの交流団は毎年2月に訪れます。\n'),
        name: '姉妹都市メモ.md',
      },
    ).expect(303);
    expect(res.headers.location).toBe('/console/documents');
    const page = await agent.get('/console/documents').expect(200);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 国際交流');
    expect(page.text).not.toContain('<script>alert(1)');
    const id = /資料ID: ([a-z0-9-]+)/.exec(page.text)?.[1];
    const stored = readFileSync(join(corpusDir, `${id}.txt`), 'utf8');
    expect(stored).toContain('source: 姉妹都市メモ.md');
    expect(stored).toContain('department: 総合政策部');
    expect(stored).toContain('sourceUrl: https://www.city.kushiro.lg.jp/kokusai.html');
  });

  const refusals: Array<[string, Record<string, string>, string | null, RegExp]> = [
    ['a scanned PDF', META, 'scanned.pdf', /OCR が必要です/],
    ['a PDF cut off part way', META, 'truncated.pdf', /PDF ファイルが壊れている/],
    ['an empty file', META, 'empty.txt', /ファイルが空です/],
    ['a binary file', META, 'junk.bin', /文字のファイルではありません|対応していません|文字コード/],
    [
      'a missing title',
      { municipality: '釧路市' },
      'kushiro-renkan.md',
      /メタデータが足りません。「タイトル」/,
    ],
    ['a missing municipality', { title: 'x' }, 'kushiro-renkan.md', /メタデータが足りません。「自治体」/],
    ['a date that does not exist', { ...META, date: '2026-02-30' }, 'kushiro-renkan.md', /日付/],
    ['no file chosen', META, null, /ファイルを選んでください/],
  ];
  for (const [what, fields, file, message] of refusals) {
    it(`refuses ${what} and leaves the corpus dir untouched`, async () => {
      const { agent, csrf } = await open();
      const before = snapshot();
      const res = await upload(agent, csrf, fields, file);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).toContain('追加しませんでした。corpus は変更していません。');
      expect(res.text).toMatch(message);
      // The metadata typed is kept in the form, so staff only choose the file again.
      if (fields.title) expect(res.text).toContain(`value="${fields.title}"`);
      expect(snapshot()).toEqual(before);
    });
  }

  it('refuses a document already in the corpus (same content) and leaves the dir untouched', async () => {
    const { agent, csrf } = await open();
    const file = {
      buffer: Buffer.from('# 重複\n\n同じ内容の資料は二度追加できません。\n'),
      name: 'twice.txt',
    };
    await upload(agent, csrf, META, file).expect(303);
    const before = snapshot();
    const res = await upload(
      agent,
      csrf,
      { ...META, title: '二度目' },
      { ...file, name: 'again.txt' },
    ).expect(422);
    expect(res.text).toContain('同じ内容の文書がすでにあります');
    expect(snapshot()).toEqual(before);
  });

  it('answers 403 without the CSRF token or with a wrong one, and writes nothing', async () => {
    const { agent, csrf } = await open();
    const before = snapshot();
    await upload(agent, null, META, 'kushiro-renkan.md').expect(403);
    await upload(agent, `${csrf}x`, META, 'kushiro-renkan.md').expect(403);
    await request(app())
      .post('/console/documents/upload')
      .field('_csrf', csrf)
      .field('title', 'x')
      .expect(403);
    expect(snapshot()).toEqual(before);
  });

  it('answers 413 for a file over 20 MB, and writes nothing', async () => {
    const { agent, csrf } = await open();
    const before = snapshot();
    const big = { buffer: Buffer.alloc(21 * 1024 * 1024, 'あ'), name: 'big.txt' };
    const res = await upload(agent, csrf, META, big);
    expect(res.status).toBe(413);
    expect(res.text).toContain('ファイルが大きすぎます');
    expect(snapshot()).toEqual(before);
  }, 30_000);
});

describe('Reload from the Documents page', () => {
  it('serves the uploaded documents after a reload, and keeps the old engine when a corpus file is broken', async () => {
    const { agent, csrf } = await open();
    const served = engines.current();
    const res = await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/console/documents');
    const page = await agent.get('/console/documents').expect(200);
    expect(page.text).toContain('資料と辞書を読み込み直しました');
    expect(page.text).not.toContain('まだ回答に使われていない資料ファイル');
    expect(engines.current()).not.toBe(served);
    expect(engines.current()?.documents.map((d) => d.meta.source)).toContain('kushiro-renkan.md');

    const good = engines.current();
    const { writeFileSync, unlinkSync } = await import('node:fs');
    writeFileSync(join(corpusDir, 'kushiro-broken.txt'), 'no header\n');
    await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
    const refused = await agent.get('/console/documents').expect(200);
    expect(refused.text).toContain('読み込めない資料ファイルがあるため、読み込み直していません');
    expect(refused.text).toContain('kushiro-broken.txt');
    expect(engines.current()).toBe(good);
    // The failure stays on the page after the one-time notice, until a reload succeeds.
    const again = await agent.get('/console/documents').expect(200);
    expect(again.text).toMatch(/の読み込み直しは失敗し/);
    unlinkSync(join(corpusDir, 'kushiro-broken.txt'));
    await agent.post('/console/documents/reload').type('form').send({ _csrf: csrf }).expect(303);
    expect(engines.lastFailure()).toBeNull();
  }, 30_000);

  it('needs the CSRF token', async () => {
    const { agent } = await open();
    await agent.post('/console/documents/reload').type('form').send({}).expect(403);
  });
});

describe('readUploadForm', () => {
  it('stops reading a file as soon as it passes the limit', async () => {
    const test = express();
    test.post('/', async (req, res) => {
      const read = await readUploadForm(req, (t) => t === 'ok', 1000);
      res.status(read.ok ? 200 : read.status).json(read.ok ? { size: read.file?.bytes.length } : read);
    });
    const small = await request(test)
      .post('/')
      .field('_csrf', 'ok')
      .attach('file', Buffer.alloc(900), 'a.txt');
    expect(small.body).toEqual({ size: 900 });
    const big = await request(test)
      .post('/')
      .field('_csrf', 'ok')
      .attach('file', Buffer.alloc(5000), 'a.txt');
    expect(big.status).toBe(413);
  });

  it('reads the token before the file and refuses a body that is not multipart', async () => {
    const test = express();
    test.post('/', async (req, res) => {
      const read = await readUploadForm(req, (t) => t === 'ok', 1000);
      res.status(read.ok ? 200 : read.status).end();
    });
    await request(test).post('/').attach('file', Buffer.alloc(10), 'a.txt').field('_csrf', 'ok').expect(403);
    await request(test).post('/').type('form').send({ _csrf: 'ok' }).expect(400);
  });
});

describe('pure helpers', () => {
  it('cleans a browser file name down to a base name without control characters', () => {
    expect(cleanFileName('C:\\Users\\職員\\計画書.pdf')).toBe('計画書.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u202E.txt')).toBe('ab.txt');
  });

  it('lists corpus files not yet served and served documents whose file is gone', () => {
    expect(pendingChanges(['a', 'b'], ['a.txt', 'c.txt'])).toEqual({ added: ['c.txt'], removed: ['b'] });
  });
});
