import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// Residents describe their case around the question (中学生の息子が風邪で…): words no page uses, which are not
// what is asked about. A question asking for a kind of fact the page must state may pass without them.
let engine: Engine;

beforeAll(async () => {
  const care = '子ども医療費助成制度';
  const water = '水道料金のしくみ';
  const shots = '高齢者の予防接種';
  const dogs = '犬の不妊手術の助成';
  const loans = '奨学生 募集要項';
  ({ engine } = await fixtureEngine([
    section('loans', loans, 0, '貸与月額', '大学生等 月額40,000円\n高校生等 月額15,000円'),
    section('loans', loans, 1, '返還', '卒業後、奨学金を月賦で返還します。'),
    section('fund', '育英会のご案内', 0, '事業', '育英会は奨学事業を行っています。'),
    section(
      'care',
      care,
      0,
      'お支払いいただく額',
      '中学生の通院は、1か月3,000円までのお支払いです。\n入院は無料です。',
    ),
    section('care', care, 1, '申請', '受給者証はこども支援課で申請してください。'),
    section(
      'water',
      water,
      0,
      '基本料金',
      'メーターの口径 13ミリメートル / 基本料金 1,540円\nメーターの口径 20ミリメートル / 基本料金 2,310円',
    ),
    section('shots', shots, 0, '自己負担額', 'インフルエンザワクチン：1,500円\n新型コロナワクチン：3,000円'),
    section(
      'dogs',
      dogs,
      0,
      '助成の内容',
      '飼い犬の不妊手術の費用を助成します。助成は1頭につき5,000円です。',
    ),
  ]));
});

describe('the resident’s circumstances', () => {
  it('do not keep a stated amount from answering (息子, 風邪)', () => {
    const answer = engine.ask('中学生の息子が風邪で通院したら1か月いくら払うの？');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('3,000円');
  });

  it('are not the thing asked about: an unknown word joined to it (肺炎球菌ワクチン) still declines', () => {
    expect(engine.ask('肺炎球菌ワクチンの自己負担額はいくら？').answered).toBe(false);
  });

  it('count in full for a question that asks for no kind of fact', () => {
    expect(engine.ask('祖父と祖母の手術の助成はありますか').answered).toBe(false);
  });

  it('never include a number or a year the question names (1950年)', () => {
    expect(engine.ask('1950年の通院はいくら？').answered).toBe(false);
  });
});

describe('a word cut shorter than the page’s', () => {
  it('is found at the head of the page’s word even where the corpus also has it alone (奨学 in 奨学生)', () => {
    const { candidates } = engine.explain('大学生の奨学金の月額はいくら？');
    const monthly = candidates.find((c) => c.passage.id === 'loans#0');
    expect(monthly?.coverage.matched).toContain('奨学');
    expect(engine.ask('大学生の奨学金の月額はいくら？').answer.split('\n')[0]).toContain('40,000円');
  });

  it('is found at the head of the page’s word (13ミリ in 13ミリメートル)', () => {
    const answer = engine.ask('13ミリの基本料金はいくら？');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('1,540円');
  });
});
