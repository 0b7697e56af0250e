// The test set page: per-category results as a chart with a table, and what changed since the previous run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryResults, type TestRun } from '../../src/console/pages/test-set.ts';
import type { QuestionScore } from '../../src/eval/score.ts';
import { createHarness, csrfOf, type Harness } from './harness.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const LIBRARY = readFileSync(fixture('kushiro-toshokan.txt'), 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ documents: { 'kushiro-toshokan.txt': LIBRARY } });
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('Test set page', () => {
  it('charts accuracy per category and lists what turned right or wrong since the previous run', async () => {
    const agent = request.agent(h.app({ evalSetPath: fixture('dry-run-questions.jsonl') }));
    const csrf = csrfOf((await agent.get('/console/test-set').expect(200)).text);
    await agent.post('/console/test-set/run').type('form').send({ _csrf: csrf }).expect(303);
    const first = (await agent.get('/console/test-set').expect(200)).text;
    expect(first).toContain('分類ごとの正解率');
    expect(first).toMatch(/<svg[^>]*role="img"[^>]*aria-label="分類ごとの正解率の横棒グラフ。3分類/);
    expect(first).toMatch(
      /<th scope="row">事業・制度<\/th><td class="num">2 \/ 2<\/td><td class="num">100\.0%<\/td><td class="num">—<\/td>/,
    );
    expect(first).toContain('前回の結果がないため');
    expect(first).not.toContain('class="bar-previous"');

    // The opening hours change on disk and the engine is reloaded: t001 turns wrong.
    writeFileSync(
      join(h.corpusDir, 'kushiro-toshokan.txt'),
      LIBRARY.replace('開館時間：9時～20時', '開館時間：10時～19時'),
    );
    await h.engines.reload();
    await agent.post('/console/test-set/run').type('form').send({ _csrf: csrf }).expect(303);
    const second = (await agent.get('/console/test-set').expect(200)).text;
    expect(second).toContain('class="bar-previous"');
    expect(second).toMatch(
      /<th scope="row">事業・制度<\/th><td class="num">1 \/ 2<\/td><td class="num">50\.0%<\/td><td class="num">100\.0%<\/td><td class="num">−50\.0<\/td>/,
    );
    expect(second).toContain('不合格になった質問 1件');
    expect(second).toMatch(/t001<\/span> <a[^>]*>図書館の開館時間は？/);
    expect(second).toContain('全体の正解率の差: −25.0ポイント');
  }, 60_000);
});

describe('categoryResults', () => {
  const score = (id: string, category: string, correct: boolean) =>
    ({ id, category, correct }) as unknown as QuestionScore;
  const run = (scores: QuestionScore[]) => ({ scores }) as TestRun;
  it('tallies each category in the defined order, with the previous run beside', () => {
    const rows = categoryResults(
      run([score('a', 'contact', true), score('b', 'plan', false), score('c', 'plan', true)]),
      run([score('a', 'contact', false)]),
    );
    expect(rows).toEqual([
      { category: 'plan', total: 2, correct: 1, previous: null },
      { category: 'contact', total: 1, correct: 1, previous: { total: 1, correct: 0 } },
    ]);
  });
});
