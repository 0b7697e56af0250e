import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A printed booklet repeats its title on every page beside the page number (― 3 ― 後期高齢者医療制度のしおり).
// That line holds every word of a question about the booklet and says nothing: it never leads an answer.
describe('a running header in a passage', () => {
  it('is not quoted as the answer', async () => {
    const title = '後期高齢者医療制度のしおり（令和7年度版）';
    const { engine } = await fixtureEngine([
      section(
        'shiori',
        title,
        3,
        ['後期高齢者医療制度のしおり', '6 受けられる給付'],
        [
          '（1）葬祭費',
          '被保険者が亡くなったとき、葬儀を行った方に30,000円を支給します。',
          '― 3 ―',
          `― 3 ― ${title}`,
          '（2）人間ドック',
          '被保険者の人間ドックの費用を助成します。',
        ].join('\n'),
      ),
    ]);
    const answer = engine.ask('後期高齢者医療制度の被保険者が亡くなって葬儀をしたら何かもらえますか');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('30,000円');
  });
});
