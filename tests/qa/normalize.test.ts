import { describe, expect, it } from 'vitest';
import {
  foldLongVowel,
  hiraganaToKatakana,
  joinCjkSpaces,
  katakanaToHiragana,
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
