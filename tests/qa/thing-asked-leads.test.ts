import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A yes/no question adds a thing to its page's topic (電話でも, オンラインでも): of a passage's lines, the one that
// says it leads the answer, though the lines that repeat the topic share more of the question's words.
const library = section(
  'library',
  '図書館資料の予約',
  0,
  '予約の方法',
  [
    '図書館資料の予約は、各図書館の窓口と図書館ホームページの予約サービスで受け付けています。',
    '図書館資料の予約は、1人10冊までです。',
    '※電話での予約はできません。',
    '予約した資料の用意ができたら、メールでお知らせします。',
  ].join('\n'),
);
const seminar = section(
  'seminar',
  'かまいし創業塾 受講者募集',
  0,
  '受講の方法',
  [
    'かまいし創業塾は、全5回の講座で、創業に必要な経営・財務・販路開拓・人材育成の知識を学びます。',
    'かまいし創業塾の会場は、釜石市役所第1庁舎です。',
    '各回ともオンラインでの受講もできます（Zoomを使います）。',
  ].join('\n'),
);

describe('the thing a yes/no question adds to its topic', () => {
  it('leads the answer, not the line that repeats the topic', async () => {
    const { engine } = await fixtureEngine([library, seminar]);
    const phone = engine.ask('図書館資料の予約って電話でもできる？');
    if (!phone.answered) throw new Error(`declined: ${phone.reason}`);
    expect(phone.answer.split('\n')[0]).toContain('電話での予約はできません');
    const online = engine.ask('かまいし創業塾はオンラインでも受けられますか');
    if (!online.answered) throw new Error(`declined: ${online.reason}`);
    expect(online.answer.split('\n')[0]).toContain('オンラインでの受講もできます');
  });
});
