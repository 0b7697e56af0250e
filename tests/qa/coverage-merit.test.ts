import { describe, expect, it } from 'vitest';
import { chooseAnswering } from '../../src/qa/choose.ts';
import { parseQuestion } from '../../src/qa/question.ts';
import { FIXTURE_NOW, fixtureEngine, section } from './fixture-engine.ts';

// Two sections state a place for 市民文化祭. Retrieval may rank the one that repeats the festival's name first; only
// the other holds what the question is about (展示).
describe('of two passages stating the kind of fact asked', () => {
  it('answers from the one that holds more of the question, whatever their retrieval order', async () => {
    const { engine, index } = await fixtureEngine([
      section(
        'bunkasai',
        '市民文化祭',
        0,
        '舞台発表',
        '市民文化祭の舞台発表の会場は市民文化会館 大ホールです。市民文化祭の舞台発表は2日間です。',
      ),
      section(
        'bunkasai',
        '市民文化祭',
        1,
        '展示',
        '市民文化祭の展示部門の会場は生涯学習センター 2階 展示ホールです。',
      ),
    ]);
    const question = '市民文化祭の展示の会場はどこですか';
    const { candidates, query } = engine.explain(question);
    const stage = candidates.find((c) => c.passage.headingPath.includes('舞台発表'));
    const exhibit = candidates.find((c) => c.passage.headingPath.includes('展示'));
    if (!stage || !exhibit) throw new Error('both sections must be candidates');
    // The stage section first, far ahead: as a page that repeats its rare words ranks.
    const ranked = [
      { ...stage, score: 100 },
      { ...exhibit, score: 10 },
    ];
    const chosen = chooseAnswering(ranked, parseQuestion(question), query, index, FIXTURE_NOW);
    expect(chosen?.top.passage.headingPath).toEqual(['展示']);
  });
});

// A health plan's garbled two-column text shares the question's words; the city plan says them as asked.
describe('of two passages holding the question words', () => {
  it('answers from the one that says them as the question does, whatever their retrieval order', async () => {
    const { engine, index } = await fixtureEngine([
      section(
        'kenko',
        '健康増進計画',
        0,
        '',
        '乳幼児期から高齢期までのライフステージに応じた取組を、3つの柱で進め、すべての市民を対象とします。',
      ),
      section(
        'koso',
        'まちづくり基本構想',
        0,
        'まちづくり基本方針',
        '「育てる」「働く」「暮らす」の3つの市民のライフステージから導き出した基本方針を示します。',
      ),
    ]);
    const question = '3つの市民のライフステージとは？';
    const { candidates, query } = engine.explain(question);
    const health = candidates.find((c) => c.passage.docId === 'kenko');
    const plan = candidates.find((c) => c.passage.docId === 'koso');
    if (!health || !plan) throw new Error('both passages must be candidates');
    const ranked = [
      { ...health, score: 100 },
      { ...plan, score: 60 },
    ];
    const chosen = chooseAnswering(ranked, parseQuestion(question), query, index, FIXTURE_NOW);
    expect(chosen?.top.passage.docId).toBe('koso');
  });
});

// Every passage of a page shares its title's wording; the one that restates the title (a page's running header)
// shares it in its text too, which tells it from none of the others.
describe('of two passages of one page', () => {
  it('does not prefer the one restating the page title in its text', async () => {
    const title = '令和7年度 高齢者の新型コロナワクチン定期接種';
    const { engine, index } = await fixtureEngine([
      section(
        'covid',
        title,
        0,
        '',
        `${title}\n新型コロナウイルス感染症は、高齢の方が重症化しやすい病気です。`,
      ),
      section(
        'covid',
        title,
        1,
        '接種期間',
        '令和7年10月1日から令和8年3月31日まで、市内の医療機関で接種できます。',
      ),
      section('flu', 'インフルエンザ予防接種', 0, '', '市内の医療機関で接種できます。'),
    ]);
    const question = '令和7年度の高齢者の新型コロナワクチンは3月いっぱいまで接種できる？';
    const { candidates, query } = engine.explain(question);
    const header = candidates.find((c) => c.passage.id === 'covid#0');
    const period = candidates.find((c) => c.passage.id === 'covid#1');
    if (!header || !period) throw new Error('both passages must be candidates');
    const ranked = [
      { ...header, score: 100 },
      { ...period, score: 90 },
    ];
    const chosen = chooseAnswering(ranked, parseQuestion(question), query, index, FIXTURE_NOW);
    expect(chosen?.top.passage.id).toBe('covid#1');
  });
});
