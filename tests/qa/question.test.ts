import { describe, expect, it } from 'vitest';
import { answerTypeOf } from '../../src/qa/answer-type.ts';
import { parseQuestion } from '../../src/qa/question.ts';

describe('the kind of fact a question asks for', () => {
  it('is read from the question as the corpus spells it: なんじ in ひなんじょ asks for no time', () => {
    expect(parseQuestion('ひなんじょにはなにがあるの？').type?.name).toBe('time');
    expect(parseQuestion('ひなんじょにはなにがあるの？', '避難所にはなにがあるの？').type?.name).not.toBe(
      'time',
    );
  });

  it('is a share for って何％, not a definition', () => {
    expect(answerTypeOf('受講料って何％補助してもらえる？')?.name).toBe('percent');
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
