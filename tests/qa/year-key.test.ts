import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A year the question names (令和6年度) is one thing it asks, however many terms index it (令, 和, 年度, 2024年,
// 2024年度): a page about something else that states the same year does not cover half the question.
const hearingAid = section(
  'aid',
  '高齢者補聴器購入費助成',
  0,
  '令和7年度の変更点',
  '令和6年度は上限額20,000円でしたが、令和7年度から上限額30,000円になりました。',
);
const demolition = section(
  'demolition',
  '釧路市危険空き家等解体費補助金',
  0,
  '補助の対象',
  '倒壊のおそれがある空き家の解体工事の費用を補助します。',
);

describe('a year named in a question', () => {
  it('counts once: another topic’s page stating that year does not answer', async () => {
    const { engine } = await fixtureEngine([hearingAid, demolition]);
    const explained = engine.explain('令和6年度の空き家解体補助の上限額はいくらでしたか');
    const aid = explained.candidates.find((c) => c.passage.docId === 'aid');
    expect(
      aid?.coverage.matched.filter((t) => ['令', '和', '年度', '2024年', '2024年度'].includes(t)),
    ).toEqual(['2024年度']);
    expect(explained.answer.answered).toBe(false);
  });

  it('still counts: the page stating the year answers for it', async () => {
    const { engine } = await fixtureEngine([hearingAid, demolition]);
    const answer = engine.ask('補聴器購入費助成の令和6年度の上限額はいくらでしたか');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('20,000円');
  });
});
