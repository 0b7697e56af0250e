import { describe, expect, it } from 'vitest';
import { addressedQuestion, isVerifyToken, stripPrefix } from '../../src/line/plan.ts';

const PREFIXES = ['@kotae', 'こたえ'];

describe('isVerifyToken', () => {
  it('recognises tokens made of one repeated character', () => {
    expect(isVerifyToken('0'.repeat(32))).toBe(true);
    expect(isVerifyToken('f'.repeat(32))).toBe(true);
    expect(isVerifyToken(`${'0'.repeat(31)}1`)).toBe(false);
    expect(isVerifyToken(null)).toBe(false);
  });
});

describe('stripPrefix', () => {
  it('strips a prefix written in full-width or upper case', () => {
    expect(stripPrefix('＠ＫＯＴＡＥ 相談は？', PREFIXES)).toBe(' 相談は？');
    expect(stripPrefix('  こたえ：ごみの日', PREFIXES)).toBe('：ごみの日');
  });

  it('does not treat a longer word as the prefix', () => {
    expect(stripPrefix('こたえてください', PREFIXES)).toBeNull();
    expect(stripPrefix('@kotaebot hi', PREFIXES)).toBeNull();
    expect(stripPrefix('ごみの日は？', PREFIXES)).toBeNull();
  });
});

describe('addressedQuestion', () => {
  it('always answers in a one-to-one chat', () => {
    expect(addressedQuestion('ごみの日は？', [], 'user', PREFIXES)).toBe('ごみの日は？');
  });

  it('needs a self mention or the prefix in groups and rooms', () => {
    expect(addressedQuestion('ごみの日は？', [], 'group', PREFIXES)).toBeNull();
    expect(addressedQuestion('ごみの日は？', [], 'room', PREFIXES)).toBeNull();
    expect(addressedQuestion('@kotae ごみの日は？', [], 'group', PREFIXES)).toBe('ごみの日は？');
  });

  it('removes self mentions anywhere, counting UTF-16 units', () => {
    const text = '👨‍👩‍👧 @Bot ごみの日は？';
    const index = text.indexOf('@Bot');
    expect(addressedQuestion(text, [{ index, length: 4 }], 'group', PREFIXES)).toBe('👨‍👩‍👧  ごみの日は？');
  });

  it('ignores mention ranges outside the text instead of throwing', () => {
    expect(addressedQuestion('短い', [{ index: 10, length: 5 }], 'group', PREFIXES)).toBe('短い');
  });
});
