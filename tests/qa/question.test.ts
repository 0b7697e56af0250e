import { describe, expect, it } from 'vitest';
import { answerTypeOf, holdsFact } from '../../src/qa/answer-type.ts';
import { parseQuestion } from '../../src/qa/question.ts';

describe('the kind of fact a question asks for', () => {
  it('is read from the question as the corpus spells it: なんじ in ひなんじょ asks for no time', () => {
    expect(parseQuestion('ひなんじょにはなにがあるの？').type?.name).toBe('time');
    expect(parseQuestion('ひなんじょにはなにがあるの？', '避難所にはなにがあるの？').type?.name).not.toBe(
      'time',
    );
  });

  it('is read from an interrogative before a fee named as the subject', () => {
    expect(answerTypeOf('水道料金が値上げされたのはいつからですか')?.name).toBe('date');
    expect(answerTypeOf('使用料はいつまでに払えばいい？')?.name).toBe('date');
    expect(answerTypeOf('申し込むのに参加費はかかりますか？')?.name).toBe('money');
    expect(answerTypeOf('キャンプ場の利用料は？')?.name).toBe('money');
  });

  it('is a count for 何台, whatever place the question names on the way', () => {
    expect(answerTypeOf('観察会の集合場所の駐車場は何台とめられますか')?.name).toBe('count');
    expect(answerTypeOf('観察会の集合場所は？')?.name).toBe('place');
    expect(answerTypeOf('観察会はどこに集合しますか')?.name).toBe('place');
  });

  it('is an amount for how much a fee is (料金はどのくらい), even where the question brings something along', () => {
    expect(answerTypeOf('清掃工場にごみを持っていくと料金はどのくらいかかりますか')?.name).toBe('money');
    expect(answerTypeOf('粗大ごみを自分で持ってくと手数料どれぐらい？')?.name).toBe('money');
    expect(answerTypeOf('申し込んでから振替開始までどのくらいかかりますか')?.name).not.toBe('money');
  });

  it('is a phone number for whom to call (どこに電話すれば, どこへ連絡), an emergency number included', () => {
    expect(answerTypeOf('粗大ごみを出したいんだけど、どこに電話すればいい？')?.name).toBe('phone');
    expect(answerTypeOf('広報紙が届かないときはどこへ連絡すればいいですか')?.name).toBe('phone');
    expect(answerTypeOf('観察会はどこに集合しますか')?.name).toBe('place');
    expect(answerTypeOf('納税課の内線番号は？')?.name).toBe('phone');
    expect(holdsFact(answerTypeOf('子ども家庭課の内線は？'), '電話：0193-22-2111（代表）内線312')).toBe(true);
    expect(holdsFact(answerTypeOf('納税課の内線は？'), '電話は代表番号にお掛けください')).toBe(false);
    const phone = answerTypeOf('どこに通報すればいい？');
    expect(holdsFact(phone, '（2）110番に通報する')).toBe(true);
    expect(holdsFact(phone, '受付は2110番窓口です')).toBe(false);
  });

  it('is a date only where a date stands: a school year (小学6年生, 中学3年) states none', () => {
    const when = answerTypeOf('講習は次はいつあるの？');
    expect(when?.name).toBe('date');
    expect(holdsFact(when, '生後3か月から小学6年生までのお子さんがいる方')).toBe(false);
    expect(holdsFact(when, '中学3年の生徒が対象です')).toBe(false);
    expect(holdsFact(when, '令和7年4月から受け付けます')).toBe(true);
    expect(holdsFact(when, '2025年に始まりました')).toBe(true);
  });

  it('is a list of things to bring however 持っていく is written, and not for 持っている', () => {
    expect(answerTypeOf('マイナンバーカードを受け取りに行くとき何を持っていけばいい？')?.name).toBe('items');
    expect(answerTypeOf('敬老パスの申請に持ってくもの全部')?.name).toBe('items');
    expect(answerTypeOf('障害者手帳を持っている人は安くなる？')?.name).not.toBe('items');
  });

  it('is read from the interrogatives residents use for units, floors, postcodes and free', () => {
    const snow = answerTypeOf('除雪車は雪が何センチ積もったら出動するの？');
    expect(snow?.name).toBe('count');
    expect(holdsFact(snow, '降雪量がおおむね10cmに達したとき')).toBe(true);
    expect(holdsFact(snow, '除雪車は10台で出動します')).toBe(false);
    expect(answerTypeOf('東京事務所は何階にありますか？')?.name).toBe('place');
    expect(answerTypeOf('東京事務所の郵便番号は？')?.name).toBe('address');
    expect(answerTypeOf('入札の資格申請ってタダ？')?.name).toBe('money');
    expect(answerTypeOf('ＦＭくしろの周波数は？')?.name).not.toBe('count');
  });

  it('is no amount in a how-question about a fee', () => {
    expect(answerTypeOf('住民票を郵便で頼むとき、手数料はどうやって送ればいいの？')?.name).not.toBe('money');
    expect(answerTypeOf('住民票の手数料はいくら？どうやって払う？')?.name).toBe('money');
  });

  it('is a share for って何％, not a definition', () => {
    expect(answerTypeOf('受講料って何％補助してもらえる？')?.name).toBe('percent');
  });

  it('is a list for って何がある, not a definition', () => {
    expect(answerTypeOf('健康ポイントの景品って何があるの？')?.name).toBe('list');
    expect(answerTypeOf('付帯設備とは何がありますか')?.name).toBe('list');
    expect(answerTypeOf('健康ポイントって何？')?.name).toBe('definition');
  });
});

describe('a question of no kind', () => {
  it('asks when only where it says so', () => {
    expect(parseQuestion('社員がドナーになった会社にも助成はありますか').asksWhen).toBe(false);
    expect(parseQuestion('次の法律相談は？').asksWhen).toBe(true);
    expect(parseQuestion('明日は法律相談ある？').asksWhen).toBe(true);
    expect(parseQuestion('法律相談はいつ？').asksWhen).toBe(true);
  });
});
