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
