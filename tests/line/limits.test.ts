import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWithinLimits,
  clipLabel,
  ELLIPSIS,
  LINE_LIMITS,
  sanitizeText,
  truncateAtSentence,
} from '../../src/line/limits.ts';

const hasLoneSurrogate = (s: string) => !s.isWellFormed();

describe('truncateAtSentence', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateAtSentence('短い文です。', 10)).toBe('短い文です。');
  });

  it('cuts after the last sentence end that fits and adds an ellipsis', () => {
    const text = 'これは一文目です。これは二文目です。これは三文目です。';
    expect(truncateAtSentence(text, 20)).toBe(`これは一文目です。これは二文目です。${ELLIPSIS}`);
  });

  it('treats a line end as a sentence boundary', () => {
    expect(truncateAtSentence('見出しの行\n本文がここから長く続いていきます', 10)).toBe(
      `見出しの行${ELLIPSIS}`,
    );
  });

  it('cuts mid-sentence when the only boundary would keep too little', () => {
    const text = `短い。${'あ'.repeat(50)}`;
    const cut = truncateAtSentence(text, 30);
    expect(cut).toHaveLength(30);
    expect(cut.endsWith(`あ${ELLIPSIS}`)).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const text = '🍎'.repeat(10);
    const cut = truncateAtSentence(text, 6);
    expect(cut).toBe(`🍎🍎${ELLIPSIS}`);
    expect(hasLoneSurrogate(cut)).toBe(false);
  });

  it('never splits a grapheme cluster such as a family emoji', () => {
    const family = '👨‍👩‍👧';
    const cut = truncateAtSentence(`${family}${family}`, family.length + 2);
    expect(cut).toBe(`${family}${ELLIPSIS}`);
  });

  it('stays within the limit and well-formed for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 0, max: 300 }),
        (text, max) => {
          const cut = truncateAtSentence(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(hasLoneSurrogate(cut)).toBe(false);
          if (text.length <= max) expect(cut).toBe(text);
          else if (max >= 1) expect(cut.endsWith(ELLIPSIS)).toBe(true);
        },
      ),
    );
  });
});

describe('clipLabel', () => {
  it('clips a long label to the limit with an ellipsis', () => {
    const label = clipLabel('釜石市オープンシティ・ステイ推進事業のご案内', 20);
    expect(label).toHaveLength(20);
    expect(label.endsWith(ELLIPSIS)).toBe(true);
  });
});

describe('sanitizeText', () => {
  it('replaces lone surrogates, normalizes line ends and drops control characters', () => {
    expect(sanitizeText('a\uD800b\r\nc\u0007d\te')).toBe('a\uFFFDb\ncd\te');
  });
});

const text = (value: string) => ({ type: 'text', text: value });
const bubbleWith = (contents: unknown[]) => ({
  type: 'flex',
  altText: '代替テキスト',
  contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents } },
});

describe('assertWithinLimits', () => {
  it('accepts a small valid reply', () => {
    expect(assertWithinLimits([text('こんにちは')])).toEqual({ ok: true });
  });

  it('rejects more than five messages', () => {
    const result = assertWithinLimits(Array.from({ length: 6 }, () => text('a')));
    expect(result.ok).toBe(false);
  });

  it('rejects an empty message list', () => {
    expect(assertWithinLimits([]).ok).toBe(false);
  });

  it('rejects text over 5,000 UTF-16 units, counting an emoji as two', () => {
    expect(assertWithinLimits([text('あ'.repeat(LINE_LIMITS.textUnits))]).ok).toBe(true);
    expect(assertWithinLimits([text(`${'あ'.repeat(LINE_LIMITS.textUnits - 1)}🍎`)]).ok).toBe(false);
  });

  it('rejects empty text', () => {
    expect(assertWithinLimits([text('  ')])).toEqual({
      ok: false,
      issues: ['messages.0.text: text is empty'],
    });
  });

  it('rejects more than 13 quick reply items and labels over 20 characters', () => {
    const item = (label: string) => ({
      type: 'action',
      action: { type: 'postback', label, data: 'topic=plan', displayText: label },
    });
    const tooMany = { ...text('a'), quickReply: { items: Array.from({ length: 14 }, () => item('a')) } };
    const longLabel = { ...text('a'), quickReply: { items: [item('あ'.repeat(21))] } };
    expect(assertWithinLimits([{ ...text('a'), quickReply: { items: [item('a')] } }]).ok).toBe(true);
    expect(assertWithinLimits([tooMany]).ok).toBe(false);
    expect(assertWithinLimits([longLabel]).ok).toBe(false);
  });

  it('rejects a quick reply postback without displayText', () => {
    const item = { type: 'action', action: { type: 'postback', label: 'a', data: 'topic=plan' } };
    expect(assertWithinLimits([{ ...text('a'), quickReply: { items: [item] } }]).ok).toBe(false);
  });

  it('rejects postback data over 300 characters inside a bubble', () => {
    const button = { type: 'button', action: { type: 'postback', label: 'ok', data: 'x'.repeat(301) } };
    const result = assertWithinLimits([bubbleWith([button])]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toContain('contents.body.contents.0.action.data');
  });

  it('rejects an altText over 1,500 units', () => {
    const message = { ...bubbleWith([text('本文')]), altText: 'あ'.repeat(LINE_LIMITS.altTextUnits + 1) };
    expect(assertWithinLimits([message]).ok).toBe(false);
  });

  it('rejects a bubble whose JSON is over 30,000 bytes', () => {
    const big = Array.from({ length: 4 }, () => ({ type: 'text', text: 'あ'.repeat(2600), wrap: true }));
    expect(assertWithinLimits([bubbleWith(big)]).ok).toBe(false);
    expect(assertWithinLimits([bubbleWith(big.slice(0, 3))]).ok).toBe(true);
  });

  it('rejects an empty flex text component and an unknown message type', () => {
    expect(assertWithinLimits([bubbleWith([text('')])]).ok).toBe(false);
    expect(assertWithinLimits([{ type: 'sticker', packageId: '1', stickerId: '1' }]).ok).toBe(false);
  });
});
