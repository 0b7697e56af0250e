import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/qa/answer.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A one-kanji word of the question (届 of 妊娠届を出せますか) stands inside the page's verb (届け出る): the tokenizer
// cuts them apart differently, the page still says it.
const faq = section(
  'ninshin',
  '妊娠の届出と母子健康手帳の交付',
  3,
  'よくある質問',
  '問6　土曜日や日曜日に妊娠を届け出ることはできますか。\n答　土曜日・日曜日・祝日は受け付けていません。平日に来られない方はご相談ください。',
);
const others = [
  section(
    'ninshin',
    '妊娠の届出と母子健康手帳の交付',
    1,
    '届出の窓口',
    '妊娠届は保健福祉センターで受け付けます。',
  ),
  section('kenshin', '妊婦健康診査', 0, '', '妊娠届を出した方に受診票を14回分お渡しします。'),
];

describe('a one-kanji word of the question', () => {
  it('is found inside a word of the page', async () => {
    const { engine, index } = await fixtureEngine([faq, ...others]);
    const { query } = engine.explain('土曜日に妊娠届を出せますか');
    const terms = index.termsOf(faq.id)?.all ?? new Set<string>();
    const text = () => `${faq.title}\n${faq.headingPath.join('\n')}\n${faq.text}`;
    expect(coverage(query, terms, index.vocabulary).missing).toContain('届');
    expect(coverage(query, terms, index.vocabulary, text).missing).not.toContain('届');
  });

  it('lets the entry that says it answer', async () => {
    const { engine } = await fixtureEngine([faq, ...others]);
    const answer = engine.ask('土曜日に妊娠届を出せますか');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).toContain('受け付けていません');
  });

  it('is not a numeral or a counter, which stand inside every other line', async () => {
    const { engine, index } = await fixtureEngine([faq, ...others]);
    const { query } = engine.explain('妊娠届は何回出せますか');
    const terms = index.termsOf(faq.id)?.all ?? new Set<string>();
    const found = coverage(query, terms, index.vocabulary, () => '一回二回の回');
    expect(found.missing).toContain('回');
  });
});
