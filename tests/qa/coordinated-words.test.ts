import { describe, expect, it } from 'vitest';
import { holdsWord } from '../../src/qa/normalize.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// Municipal pages coordinate words that share a head with ・ (病児・病後児保育, 小・中学校, 不妊・去勢手術): the
// resident writes one of them whole.
describe('a word coordinated with another under one head', () => {
  it('is held by the text', () => {
    expect(holdsWord('令和7年度 病児・病後児保育のごあんない', '病児保育')).toBe(true);
    expect(holdsWord('市内の小・中学校に通う児童生徒', '小学校')).toBe(true);
    expect(holdsWord('猫の不妊・去勢手術費助成', '不妊手術')).toBe(true);
    expect(holdsWord('土・日曜日は休みです', '土曜日')).toBe(true);
  });

  it('is not made up from words that only stand side by side', () => {
    expect(holdsWord('病児・病後児の保育', '病児保育')).toBe(false);
    expect(holdsWord('小児科・内科', '小学校')).toBe(false);
  });

  it('lets the page titled so answer for the thing', async () => {
    const title = '令和7年度 病児・病後児保育のごあんない';
    const { engine } = await fixtureEngine([
      section(
        'byoji',
        title,
        0,
        '',
        'お子さんが病気のとき、専用の部屋でお預かりします。\n1日（4時間を超える利用）2,000円、半日（4時間以内）1,000円',
      ),
      section('byoji', title, 1, '施設', '病児保育室「すくすくルーム」 定員4人'),
      section('hoikusho', '保育所の入所案内', 0, '保育料', '保育料は世帯の市民税額で決まります。'),
      // 1日 stands on other pages too: the fee line holds little of the question but its figure.
      section('pool', '市民プール', 0, '利用料', '1日券は500円です。開館は1日9時からです。'),
      section('bus', '市民バス', 0, '運賃', '1日乗車券は1,000円です。毎月1日に発売します。'),
      section('park', '公園の使用', 0, '使用料', '1日あたり2,000円です。'),
    ]);
    const answer = engine.ask('病児保育って1日いくら？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('2,000円');
  });
});
