import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A notice page: every section is about the page's topic, only one says when it happens, under a label of the
// kind asked (【開催日】); another states the date its figures hold as of (（9月5日現在）).
const title = '第61回市民文化祭の出演団体を募集します';
let engine: Engine;

beforeAll(async () => {
  ({ engine } = await fixtureEngine([
    section(
      'fes',
      title,
      0,
      '',
      `令和7年8月20日\n${title}\n市民の皆さんが日ごろの成果を発表する市民文化祭を今年も開催します。`,
    ),
    section(
      'fes',
      title,
      1,
      '申込状況（9月5日現在）',
      '舞台発表：残り8枠（全40枠）\n展示：残り15区画（全60区画）',
    ),
    section(
      'fes',
      title,
      2,
      '',
      '【開催日】\n令和7年10月25日（土曜日）・26日（日曜日）\n【会場】\n生涯学習センター',
    ),
    section(
      'fes',
      title,
      3,
      '出演者説明会',
      '令和7年10月4日（土曜日）に説明会を行います。出演が決まった団体は出席してください。',
    ),
  ]));
});

describe('a date asked for', () => {
  it('comes from the slot labelled for it, not from a section that only mentions a date', () => {
    const answer = engine.ask('市民文化祭はいつやるの？');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('10月25日');
  });

  it('is never the date figures are stated as of (9月5日現在), unless the question asks for it', () => {
    expect(engine.ask('市民文化祭の申込状況はいつ？').answered).toBe(false);
    expect(engine.ask('申込状況は何日現在？').answer.split('\n')[0]).toContain('9月5日');
  });
});

describe('a Q&A page', () => {
  it('answers with the answer to the question most like the resident’s, not with that question', async () => {
    const { engine: faq } = await fixtureEngine([
      {
        id: 'faq#0',
        docId: 'faq',
        ordinal: 0,
        title: '妊娠の届出 よくある質問',
        municipality: '釜石市',
        headingPath: ['よくある質問'],
        kind: 'text',
        text: '問1　夫が代わりに届け出ることはできますか。\n答　できます。委任状をお持ちください。\n問2　土曜日に届け出ることはできますか。\n答　土曜日・日曜日は受け付けていません。平日にお越しください。',
      },
    ]);
    const answer = faq.ask('土曜日に届け出ることはできますか');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toBe('土曜日・日曜日は受け付けていません。');
  });

  it('reads the lines after a question as its answer, though the fact stands two lines down', async () => {
    const { engine: faq } = await fixtureEngine([
      {
        id: 'kin#0',
        docId: 'kin',
        ordinal: 0,
        title: 'ひとり親家庭への支援 よくある質問',
        municipality: '釜石市',
        headingPath: ['仕事と資格'],
        kind: 'text',
        text: 'Q. 学校に通う間の生活費の支援はありますか。\nA. 給付金があります。\n資格を取る間、費用の10％を支給します。\nQ. 通信講座の受講料の補助はありますか。\nA. 訓練給付金があります。\n修了した場合に、かかった費用の60％を支給します。',
      },
    ]);
    expect(faq.ask('通信講座の受講料は何%補助される？').answer.split('\n')[0]).toContain('60％');
  });
});
