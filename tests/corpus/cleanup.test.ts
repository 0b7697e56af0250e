import { describe, expect, it } from 'vitest';
import { cleanLines, joinSpacedCharacters, stripFootnoteMarks } from '../../src/corpus/cleanup.ts';

describe('joinSpacedCharacters', () => {
  it.each([
    ['鶴 間 秀 典', '鶴間秀典'],
    ['・長 期 滞 在 者 数：現状値 2,026 人', '・長期滞在者数：現状値 2,026 人'],
    ['・延 べ 宿 泊 客 数：現状値153万人', '・延べ宿泊客数：現状値153万人'],
    ['人 口 移 動 率 ：令和32(2050)年', '人口移動率 ：令和32(2050)年'],
    ['住 所 〒102-0093', '住所 〒102-0093'],
    ['電 話 (03) 3263-1992 F A X (03) 3239-3669', '電話 (03) 3263-1992 FAX (03) 3239-3669'],
  ])('joins the spaced-out word in %s', (input, expected) => {
    expect(joinSpacedCharacters(input)).toBe(expected);
  });

  it.each([
    'つながる まち・ひと・みらい ひがし北海道の拠点都市・釧路',
    '第1章 第２章 第３章',
    '初 2～5 6',
    'ア 長期滞在・移住に関する相談対応',
    '人口 経済産業',
    'E-mail so-tokyo@city.kushiro.lg.jp',
  ])('leaves real multi-character words apart in %s', (input) => {
    expect(joinSpacedCharacters(input)).toBe(input);
  });
});

describe('stripFootnoteMarks', () => {
  it('removes glossary marks of printed plans', () => {
    expect(stripFootnoteMarks('1 シビックプライド^{*}の醸成')).toBe('1 シビックプライドの醸成');
    expect(stripFootnoteMarks('AIチャットボット[※]による')).toBe('AIチャットボットによる');
    expect(stripFootnoteMarks('LGBT等(性的マイノリティ)*、外国人')).toBe('LGBT等(性的マイノリティ)、外国人');
  });
});

describe('cleanLines', () => {
  it('unifies newlines, drops layout indentation and keeps tabs between cells', () => {
    expect(cleanLines('\r\n 基本方針１ 未来\r\n\t\t実施回数\t参加人数 \n　\n')).toEqual([
      '',
      '基本方針１ 未来',
      '\t\t実施回数\t参加人数',
      '',
      '',
    ]);
  });
});

describe('cleanLines on rules drawn across the page', () => {
  it('reads a line of ─, ━, ＝ or - as the blank between two sections, not as text', () => {
    expect(cleanLines('────────────\n使用料\n━━━━━━\n使用料は次のとおりです。\n------\n＝＝＝')).toEqual([
      '',
      '使用料',
      '',
      '使用料は次のとおりです。',
      '',
      '',
    ]);
  });

  it('reads a PDF page number in its footer (- 1 -, －２－, — 3 —) as a blank line, not as a heading', () => {
    expect(cleanLines('答　できます。\n- 1 -\n問2　郵送できますか。\n－２－\n— 3 —\n- 1 - 目次')).toEqual([
      '答　できます。',
      '',
      '問2　郵送できますか。',
      '',
      '',
      '- 1 - 目次',
    ]);
  });

  it('keeps a line that only begins with a dash (- 燃やせるごみ, ー)', () => {
    expect(cleanLines('- 燃やせるごみ\nーー')).toEqual(['- 燃やせるごみ', 'ーー']);
  });
});
