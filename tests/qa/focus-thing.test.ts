import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// "Tell me about" questions name the thing asked last (創業塾ってオンラインでも受けられる？). A passage about the
// page's topic that never names that thing does not answer: the page does not say.
let engine: Engine;

beforeAll(async () => {
  const school = 'かまいし創業塾';
  ({ engine } = await fixtureEngine([
    section(
      'school',
      school,
      0,
      '創業塾の内容',
      '創業塾は経営・財務・販路開拓を学ぶ講座です。全4回、会場は市民ホールです。',
    ),
    section(
      'school',
      school,
      1,
      '受講の条件',
      '創業塾は市内で創業を考えている方が受けられます。見学には職員が立ち会います。',
    ),
    section('plan', '総合計画', 0, '施策', '施策の特徴は次のとおりです。', '釜石市'),
    section('plan', '総合計画', 1, '事業', '事業の特徴を毎年見直します。', '釜石市'),
    section('hall', '市民ホール', 0, '利用', '市民ホールの特徴は音響です。', '釜石市'),
    section(
      'frozen',
      '水道の凍結',
      0,
      '凍ってしまったら',
      '凍った蛇口にタオルを巻き、ぬるま湯をゆっくりかけて解かしてください。',
    ),
  ]));
});

describe('the thing a question asks about', () => {
  it('must be named by the passage when the page only shares the topic', () => {
    expect(engine.ask('創業塾ってオンラインでも受けられる？').answered).toBe(false);
  });

  it('is named by the passage without the polite お or ご a resident puts before it (お湯 in ぬるま湯)', () => {
    expect(engine.ask('凍った蛇口にお湯をかけて解かしてもいい？').answered).toBe(true);
  });

  it('is not required when the word is common: it names an aspect of the topic (特徴)', () => {
    const answer = engine.ask('創業塾の特徴は？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('経営・財務・販路開拓');
  });
});

describe('a rare thing in a corpus of many pages', () => {
  it('is rare by its share of the passages, not by a count that any large corpus passes', async () => {
    const school = 'かまいし創業塾';
    const filler = Array.from({ length: 400 }, (_, i) =>
      section(
        `page${i}`,
        `お知らせ${i}`,
        0,
        '',
        `第${i}号のお知らせです。${i % 100 === 0 ? 'オンライン申請ができます。' : ''}`,
      ),
    );
    const { engine: large } = await fixtureEngine([
      section(
        'school',
        school,
        0,
        '創業塾の内容',
        '創業塾は経営・財務・販路開拓を学ぶ講座です。全4回、会場は市民ホールです。',
      ),
      ...filler,
    ]);
    expect(large.ask('創業塾ってオンラインでも受けられる？').answered).toBe(false);
  });
});

describe('a means the question adds with でも (オンラインでも)', () => {
  it('must be named by the passage, however many other pages use the word', async () => {
    const { engine: city } = await fixtureEngine([
      section(
        'school',
        'かまいし創業塾',
        0,
        '創業塾の内容',
        '創業塾は経営と財務を学ぶ講座です。会場は市民ホールです。',
      ),
      section('tax', '市税の納付', 0, '納付方法', '市税はオンラインで納付できます。'),
      section('library', '図書館', 0, '予約', '図書の予約はオンラインでも受け付けます。'),
      section('seminar', '子育て講座', 0, '受講方法', '子育て講座はオンラインで配信します。'),
      section('meeting', '市民会議', 0, '傍聴', '市民会議はオンラインで傍聴できます。'),
    ]);
    expect(city.ask('創業塾ってオンラインでも受けられる？').answered).toBe(false);
    expect(city.ask('図書の予約はオンラインでもできますか').answered).toBe(true);
  });
});
