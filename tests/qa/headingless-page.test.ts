import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A page without headings is cut into passages by length: they are its paragraphs, not the records of one
// section, so a question they all match is answered from one of them, not with the first line of each (the
// page's printed title first).
const TITLE = '公園有料施設（テニスコート・パークゴルフ場）の予約と使用料（令和7年度）';
const paragraph = (text: string) => `${text}ご不明な点は公園緑地課へお問い合わせください。`.repeat(3);
const pages = [
  section(
    'park',
    TITLE,
    0,
    '',
    `釧路市 公園有料施設（テニスコート・パークゴルフ場）の予約と使用料 令和7年度版\n${paragraph('パークゴルフ場などの公園施設の予約の案内です。')}`,
  ),
  section(
    'park',
    TITLE,
    1,
    '',
    `※パークゴルフ場は予約不要です。当日、現地で利用券を購入してください。\n${paragraph('パークゴルフ場などの公園施設の予約の案内です。')}`,
  ),
  section(
    'park',
    TITLE,
    2,
    '',
    `■使用料 テニスコート：1時間600円\n${paragraph('パークゴルフ場などの公園施設の予約の案内です。')}`,
  ),
];

describe('a question every passage of a headingless page matches', () => {
  it('is answered from one passage, not with a list of their first lines', async () => {
    const { engine } = await fixtureEngine(pages);
    const answer = engine.ask('パークゴルフ場って予約しないとだめ？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).not.toContain('令和7年度版');
    expect(answer.answer.split('\n')[0]).toContain('予約不要');
  });
});
