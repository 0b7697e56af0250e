// A document change is scored before it goes live: the test set and the suites on a copy of the corpus with
// the change applied, against the corpus as it is, on the confirmation page (issue 13 §3).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { type Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScores, createDryRuns } from '../../src/console/dry-run.ts';
import type { QuestionScore } from '../../src/eval/score.ts';
import { ACCOUNTS, addAccounts, createHarness, csrfOf, type Harness, logIn, passwordOf } from './harness.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const LIBRARY = readFileSync(fixture('kushiro-toshokan.txt'), 'utf8');
const NEW_VERSION = [
  '# 釧路市中央図書館のご案内（改訂）',
  '',
  '## 開館時間',
  '',
  '開館時間：10時～19時',
  '',
  '## 駐車場',
  '',
  '図書館の駐車場には50台とめられます。土曜日と日曜日は混み合いますので、公共交通機関をご利用ください。',
].join('\n');

let h: Harness;
let app: ReturnType<Harness['app']>;
beforeAll(async () => {
  h = await createHarness({ documents: { 'kushiro-toshokan.txt': LIBRARY } });
  await addAccounts(h.store);
  app = h.app({
    evalSetPath: fixture('dry-run-questions.jsonl'),
    dryRunSuites: [fixture('dry-run-suite')],
  });
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function editor(): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const [, e] = ACCOUNTS;
  return { agent, csrf: await logIn(agent, passwordOf(e.name), e.name) };
}

/** Asks for the page again until the dry run on it has finished, as console.js does in a browser. */
async function untilDone(agent: Agent, href: string): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const page = await agent.get(href).expect(200);
    if (!page.text.includes('data-dry-run="running"')) return page.text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`dry run on ${href} did not finish`);
}

describe('Dry run of a replacement', () => {
  it('shows progress, then which questions turn right or wrong, and changes nothing until confirmed', async () => {
    const { agent, csrf } = await editor();
    const staged = await agent
      .post('/console/documents/kushiro-toshokan/replace')
      .field('_csrf', csrf)
      .attach('file', Buffer.from(NEW_VERSION), 'toshokan-2027.md')
      .expect(200);
    expect(staged.text).toContain('この変更で回答がどう変わるか');
    const token = /name="token" value="([a-f0-9]{32})"/.exec(staged.text)?.[1] ?? '';
    const href = `/console/documents/kushiro-toshokan/replace/${token}`;
    expect(staged.text).toContain(`data-refresh="${href}"`);

    const done = await untilDone(agent, href);
    expect(done).toContain('data-dry-run="done"');
    expect(done).toContain('不正解になる質問 2件');
    expect(done).toMatch(/t001<\/span> <a[^>]*>図書館の開館時間は？/);
    expect(done).toMatch(/t002<\/span> <a[^>]*>図書館まつりの参加費はいくら？/);
    expect(done).toContain('正解になる質問 1件');
    expect(done).toMatch(/t003<\/span> <a[^>]*>図書館の駐車場/);
    expect(done).toContain('この変更で 2件の質問が不正解になります');
    // The suite's page is added to both copies; its question holds.
    expect(done).toMatch(
      />tests\/console\/fixtures\/dry-run-suite<\/td><td class="num">1 \/ 1<\/td><td class="num">1 \/ 1/,
    );
    // Still the confirmation page: the live corpus is untouched and no temporary copy is left in it.
    expect(done).toContain('name="decision" value="confirm"');
    expect(readFileSync(join(h.corpusDir, 'kushiro-toshokan.txt'), 'utf8')).toBe(LIBRARY);
    expect(readdirSync(h.corpusDir).filter((n) => n.endsWith('.txt'))).toEqual(['kushiro-toshokan.txt']);

    await agent
      .post('/console/documents/kushiro-toshokan/replace/confirm')
      .type('form')
      .send({ _csrf: csrf, token, decision: 'confirm' })
      .expect(303);
    expect(readFileSync(join(h.corpusDir, 'kushiro-toshokan.txt'), 'utf8')).toContain('10時～19時');
    // A decided replacement has no confirmation page any more.
    await agent.get(href).expect(404);
  }, 60_000);

  it('answers 404 for an unknown or malformed staged token', async () => {
    const { agent } = await editor();
    await agent.get(`/console/documents/kushiro-toshokan/replace/${'0'.repeat(32)}`).expect(404);
    await agent.get('/console/documents/kushiro-toshokan/replace/..%2F..').expect(404);
  });

  it('is for editors only', async () => {
    const agent = request.agent(app);
    const [, , viewer] = ACCOUNTS;
    await logIn(agent, passwordOf(viewer.name), viewer.name);
    await agent.get('/console/documents/kushiro-toshokan/remove').expect(403);
  });
});

describe('Dry run of a removal', () => {
  it('lists the questions the removal turns wrong on the confirmation page', async () => {
    const { agent } = await editor();
    const text = await untilDone(agent, '/console/documents/kushiro-toshokan/remove');
    expect(text).toContain('data-dry-run="done"');
    // After the replacement above, the opening hours are 10時～19時 and the car park question is right.
    expect(text).toMatch(/t003<\/span> <a[^>]*>図書館の駐車場/);
    expect(text).toContain('不正解になる質問 1件');
    expect(text).toContain('削除する');
  }, 60_000);
});

describe('Dry run of an upload', () => {
  it('links each uploaded file from the reload panel to its dry run, and undoes the upload on request', async () => {
    const { agent, csrf } = await editor();
    const festival =
      '# 図書館まつり\n\n図書館まつりの参加費は500円です。令和8年10月4日に中央図書館で開きます。\n';
    await agent
      .post('/console/documents/upload')
      .field('_csrf', csrf)
      .field('title', '図書館まつりのお知らせ')
      .field('municipality', '釧路市')
      .attach('file', Buffer.from(festival), 'matsuri.md')
      .expect(303);
    const documents = await agent.get('/console/documents').expect(200);
    expect(documents.text).toContain('href="/console/documents/kushiro-matsuri/added"');

    const text = await untilDone(agent, '/console/documents/kushiro-matsuri/added');
    expect(text).toContain('正解になる質問 1件');
    expect(text).toMatch(/t002<\/span> <a[^>]*>図書館まつりの参加費はいくら？/);
    expect(text).toContain('action="/console/documents/reload"');

    const page = csrfOf(text);
    await agent
      .post('/console/documents/kushiro-matsuri/added/undo')
      .type('form')
      .send({ _csrf: page })
      .expect(303);
    expect(readdirSync(h.corpusDir)).not.toContain('kushiro-matsuri.txt');
    await agent.get('/console/documents/kushiro-matsuri/added').expect(404);
    // A served document has no upload dry run.
    await agent.get('/console/documents/kushiro-toshokan/added').expect(404);
  }, 60_000);
});

describe('compareScores', () => {
  const score = (id: string, correct: boolean) => ({ id, correct }) as QuestionScore;
  it('lists the questions whose verdict changes, matched by id', () => {
    const diff = compareScores(
      'set',
      [score('a', true), score('b', false), score('c', true)],
      [score('a', false), score('b', true), score('c', true), score('d', true)],
    );
    expect(diff.turnedWrong.map((s) => s.id)).toEqual(['a']);
    expect(diff.turnedRight.map((s) => s.id)).toEqual(['b']);
    expect([diff.liveCorrect, diff.candidateCorrect, diff.total]).toEqual([2, 3, 4]);
  });
});

describe('createDryRuns', () => {
  it('stops a run past its deadline and says so, leaving nothing behind', async () => {
    const runs = createDryRuns({
      corpusDir: h.corpusDir,
      dictionariesDir: h.dictionariesDir,
      evalSetPath: fixture('dry-run-questions.jsonl'),
      suiteDirs: [],
      timeoutMs: -1,
    });
    expect(runs.start('k', { kind: 'remove', id: 'kushiro-toshokan' }).status).toBe('running');
    await runs.idle();
    expect(runs.get('k')).toMatchObject({ status: 'failed', timedOut: true });
    expect(readdirSync(h.corpusDir)).toContain('kushiro-toshokan.txt');
  });

  it('runs a key once while it is running or done', async () => {
    const runs = createDryRuns({
      corpusDir: h.corpusDir,
      dictionariesDir: h.dictionariesDir,
      evalSetPath: fixture('dry-run-questions.jsonl'),
      suiteDirs: [],
    });
    const first = runs.start('k', { kind: 'remove', id: 'kushiro-toshokan' });
    expect(runs.start('k', { kind: 'remove', id: 'kushiro-toshokan' })).toBe(first);
    await runs.idle();
    expect(runs.get('k')?.status).toBe('done');
  }, 30_000);
});
