import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// Pages state a rate as a fraction (補助率 2分の1, 費用の3分の2) and a child's age by months from birth or by school
// year (生後6か月から小学6年生まで): values of the kind asked, though no 割, % or 歳 stands in them.
const demolition = section(
  'demolition',
  '危険空き家解体費補助金',
  0,
  '補助の内容',
  '補助率：補助対象経費の3分の1\n補助上限額：500,000円',
);
const seismic = section(
  'seismic',
  '木造住宅耐震改修補助',
  0,
  '補助の内容',
  '耐震診断の費用の3分の2、改修工事の費用の2分の1を補助します（上限100万円）。',
);
const sickChild = section(
  'sick-child',
  '病児保育室すくすくルーム',
  0,
  '利用できるお子さん',
  '釜石市に住んでいる、生後6か月から小学6年生までのお子さんが利用できます。',
);
const support = section(
  'support',
  'ファミリー・サポート・センター',
  0,
  '依頼会員',
  '市内に住んでいて、生後3か月から小学6年生までのお子さんがいる方が依頼会員になれます。',
);
const pages = [demolition, seismic, sickChild, support];

describe('values of the kind asked in the shapes pages write them', () => {
  it('a fraction answers for a rate (補助率は？)', async () => {
    const { engine } = await fixtureEngine(pages);
    const rate = engine.ask('空き家解体補助の補助率は？');
    if (!rate.answered) throw new Error(`declined: ${rate.reason}`);
    expect(rate.answer.split('\n')[0]).toContain('3分の1');
    const seismicRate = engine.ask('耐震改修補助の補助率は？');
    if (!seismicRate.answered) throw new Error(`declined: ${seismicRate.reason}`);
    expect(seismicRate.answer.split('\n')[0]).toContain('2分の1');
  });

  it('months from birth and a school year answer for an age (何歳から)', async () => {
    const { engine } = await fixtureEngine(pages);
    const sick = engine.ask('病児保育室は何歳から何歳まで利用できますか');
    if (!sick.answered) throw new Error(`declined: ${sick.reason}`);
    expect(sick.answer.split('\n')[0]).toContain('生後6か月から小学6年生まで');
    const member = engine.ask('ファミリー・サポート・センターの依頼会員は何歳のお子さんから？');
    if (!member.answered) throw new Error(`declined: ${member.reason}`);
    expect(member.answer.split('\n')[0]).toContain('生後3か月');
  });
});
