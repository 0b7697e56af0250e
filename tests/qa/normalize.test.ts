import { describe, expect, it } from 'vitest';
import {
  foldLongVowel,
  hiraganaToKatakana,
  joinCjkSpaces,
  katakanaToHiragana,
  normalizedOnce,
  normalizeText,
} from '../../src/qa/normalize.ts';

describe('normalizeText', () => {
  it('folds full-width digits and letters and lower-cases ASCII', () => {
    expect(normalizeText('ＦＭくしろ　令和７年')).toBe('fmくしろ 令和7年');
  });
  it('drops thousands separators so a figure stays one term', () => {
    expect(normalizeText('151,326人 と 1,234,567')).toBe('151326人 と 1234567');
  });
  it('keeps decimal points and phone numbers', () => {
    expect(normalizeText('76.1MHz (03) 3263-1992')).toBe('76.1mhz (03) 3263-1992');
  });
});

describe('kana and spacing', () => {
  it('converts between hiragana and katakana', () => {
    expect(hiraganaToKatakana('ほうりつそうだん')).toBe('ホウリツソウダン');
    expect(katakanaToHiragana('クシロ')).toBe('くしろ');
  });
  it('joins CJK characters that extraction spaced out, but not Latin words', () => {
    expect(joinCjkSpaces('鶴 間 秀 典')).toBe('鶴間秀典');
    expect(joinCjkSpaces('FM くしろ')).toBe('FM くしろ');
  });
  it('folds a trailing long vowel of katakana words', () => {
    expect(foldLongVowel('サーバー')).toBe('サーバ');
    expect(foldLongVowel('センター')).toBe('センタ');
    expect(foldLongVowel('カー')).toBe('カー');
  });
});

describe('normalizedOnce', () => {
  it('reads as normalizeText does, also past the bound where its cache starts afresh', () => {
    expect(normalizedOnce('受付時間　９時〜１７時')).toBe(normalizeText('受付時間　９時〜１７時'));
    for (let i = 0; i < 60_000; i++) normalizedOnce(`単位${i}`);
    expect(normalizedOnce('１,２００円')).toBe('1200円');
    expect(normalizedOnce('受付時間　９時〜１７時')).toBe('受付時間 9時~17時');
  });
});
