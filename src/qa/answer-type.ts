// What kind of fact a question asks for (a count of people, a phone number, a date...), and whether a text holds one.
// A passage that shares the question's words but holds no such fact does not answer it.

import { normalizeText } from './normalize.ts';

export interface AnswerType {
  name: string;
  /** Words in the question that ask for this kind of fact. */
  cue: RegExp;
  /** What a text holding such a fact looks like (tested on normalized text). */
  fact: RegExp;
}

const DATE_FACT = /\d+年|\d+月|\d+日|年度|曜日|毎週|毎月|毎年|月\d+回|年\d+回|元年|~/;
const PHONE_FACT = /\(?\d{2,5}\)?[\s-]?\d{1,4}-\d{3,4}/;

/** Ordered from the most specific cue to the most general. */
export const ANSWER_TYPES: readonly AnswerType[] = [
  { name: 'fax', cue: /fax|ファックス|ファクス|ふぁっくす/, fact: PHONE_FACT },
  { name: 'phone', cue: /電話|でんわ|tel\b|連絡先|問い?合わ?せ先/, fact: PHONE_FACT },
  { name: 'email', cue: /メール|e-mail|email|めーる/, fact: /@/ },
  { name: 'address', cue: /住所|所在地|じゅうしょ/, fact: /〒|\d+-\d+-\d+|[都道府県][^、。]{0,8}[市区町村]/ },
  { name: 'time', cue: /何時|なんじ|時間帯|時刻/, fact: /\d+時|\d+:\d+/ },
  { name: 'count-times', cue: /何回|なんかい|回数/, fact: /\d+回/ },
  { name: 'count-sheets', cue: /何枚|なんまい|枚数/, fact: /\d+枚/ },
  { name: 'count-cases', cue: /何件|なんけん|件数/, fact: /\d+件/ },
  { name: 'count-copies', cue: /何部|なんぶ|部数/, fact: /\d+部/ },
  { name: 'count-schools', cue: /何校|学校数/, fact: /\d+校|学校数\s*\d/ },
  {
    name: 'people',
    cue: /何人|なんにん|何名|なんめい|人数|人口|じんこう/,
    fact: /\d[\d.]*\s*(万|千)?\s*(人|名)|総数\s*\d|(者|員|生|児)数\s*\d/,
  },
  { name: 'percent', cue: /割合|何%|何パーセント|比率|率は/, fact: /%|割/ },
  { name: 'money', cue: /いくら|金額|何円|予算|総額/, fact: /円/ },
  {
    name: 'date',
    cue: /いつ|何日|何月|何年|日付|期間|なんにち|なんがつ|なんねん|何曜|なんよう|開設日|施行日/,
    fact: DATE_FACT,
  },
];

export function answerTypeOf(question: string): AnswerType | null {
  const text = normalizeText(question);
  return ANSWER_TYPES.find((t) => t.cue.test(text)) ?? null;
}

export function holdsFact(type: AnswerType | null, text: string): boolean {
  return type === null || type.fact.test(normalizeText(text));
}
