import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A page's schedule (毎年1月から3月に養成講座) answers when-questions about what it schedules, not every question
// that shares a word with its heading (ガイド).
const title = '観光ガイドのご依頼';
let engine: Engine;

beforeAll(async () => {
  ({ engine } = await fixtureEngine([
    section(
      'guide',
      title,
      0,
      'お申込みの方法',
      'ご利用日の14日前までに、ガイド依頼申込書をファクスでお送りください。',
      '釜石市',
    ),
    section(
      'guide',
      title,
      1,
      'ガイドになりませんか',
      'ガイドを募集しています。毎年1月から3月に「ガイド養成講座」を開いています。',
      '釜石市',
    ),
  ]));
});

describe('a schedule on the page', () => {
  it('does not answer a when-question about something else on the page', () => {
    const answer = engine.ask('観光ガイドの依頼は利用日の何日前までに申し込めばいいですか');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('14日前');
  });

  it('still answers a when-question about what it schedules', () => {
    expect(engine.ask('ガイド養成講座はいつ開かれますか').answer).toContain('1月');
  });
});
