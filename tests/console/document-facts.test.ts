// A document's page shows the facts the engine reads in it, grouped by heading path (issue 13 §3).
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleMessages } from '../../src/console/messages.ts';
import { kindLabel, shownKinds } from '../../src/console/pages/document-facts.ts';
import { ANSWER_TYPES } from '../../src/qa/answer-type.ts';
import { createHarness, type Harness } from './harness.ts';

const FIXTURE = readFileSync(new URL('./fixtures/kushiro-toshokan.txt', import.meta.url), 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ documents: { 'kushiro-toshokan.txt': FIXTURE } });
}, 60_000);
afterAll(async () => {
  await h.close();
});

/** The rows of the facts table captioned `caption`, as plain text cells. */
function factRows(page: string, caption: string): string[][] {
  const table = new RegExp(`<caption>${caption}</caption>[\\s\\S]*?</table>`).exec(page)?.[0] ?? '';
  return [...table.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((row) =>
    (row[1] ?? '').split(/<\/td><td[^>]*>/).map((cell) => cell.replace(/<[^>]+>/g, '').trim()),
  );
}

describe('Facts on a document page', () => {
  it('lists each fact with its label and kinds in Japanese, under its heading path', async () => {
    const page = await request(h.app()).get('/console/documents/kushiro-toshokan').expect(200);
    expect(page.text).toMatch(/この資料から答えられる事実 \d+件/);

    const hours = factRows(page.text, '1 利用案内 › \\(1\\) 開館時間');
    expect(hours[0]).toEqual(['開館時間：9時～20時', '開館時間', '時刻 期間 日付', '§0']);

    const fee = factRows(page.text, '1 利用案内 › \\(2\\) 利用料金');
    expect(fee[0]).toEqual(['入館料：無料', '入館料', '金額', '§1']);

    const event = factRows(page.text, '2 催し');
    expect(event.find((r) => r[0] === '参加費は500円です。')?.[2]).toBe('金額');
    expect(event[0]?.[2]).toContain('日付');

    const contact = factRows(page.text, '3 お問い合わせ');
    expect(contact[0]?.[0]).toBe('電話 0154-41-1111');
    expect(contact[0]?.[2]).toContain('電話番号');
    // Engine kind names never reach the page.
    expect(page.text).not.toMatch(/>(money|phone|date|time)</);
  });

  it('links each fact to its passage and marks a kind read from a label apart from one read from the value', async () => {
    const page = await request(h.app()).get('/console/documents/kushiro-toshokan').expect(200);
    expect(page.text).toContain('href="/console/documents/kushiro-toshokan/passages/2">§2</a>');
    expect(page.text).toContain(
      `class="fact-kind labelled" title="${consoleMessages.factLabelledHint}">時刻`,
    );
    expect(page.text).toContain(`class="fact-kind shaped" title="${consoleMessages.factShapedHint}">日付`);
  });

  it('shows a figure as 数 only when the unit states nothing more specific', () => {
    const fact = { unit: 0, text: '', label: null };
    expect(shownKinds({ ...fact, labelled: [], shaped: ['date', 'count'] }).shaped).toEqual(['date']);
    expect(shownKinds({ ...fact, labelled: [], shaped: ['count'] }).shaped).toEqual(['count']);
    expect(shownKinds({ ...fact, labelled: ['money'], shaped: ['money', 'count'] })).toEqual({
      labelled: ['money'],
      shaped: [],
    });
  });

  it('names every answer type in Japanese', () => {
    for (const type of ANSWER_TYPES) expect(kindLabel(type.name)).not.toBe(type.name);
  });
});
