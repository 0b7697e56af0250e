import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  feedbackData,
  handoffCancelData,
  handoffData,
  helpData,
  menuData,
  parsePostback,
  passageData,
  staffData,
  topicData,
} from '../../src/line/postback.ts';

describe('parsePostback', () => {
  it('reads feedback buttons', () => {
    expect(parsePostback('fb=up&a=ans_1')).toEqual({ kind: 'feedback', helpful: true, answerId: 'ans_1' });
    expect(parsePostback('fb=down&a=ans_1')).toEqual({ kind: 'feedback', helpful: false, answerId: 'ans_1' });
  });

  it('reads topic choices and passage requests', () => {
    expect(parsePostback('topic=stay')).toEqual({ kind: 'topic', key: 'stay' });
    expect(parsePostback('act=passage&p=doc-1%2312')).toEqual({ kind: 'passage', passageId: 'doc-1#12' });
  });

  it('reads rich menu areas', () => {
    expect(parsePostback(menuData('consult'))).toEqual({ kind: 'menu', key: 'consult' });
    expect(parsePostback(staffData())).toEqual({ kind: 'staff', answerId: null });
    expect(parsePostback(staffData('a-1'))).toEqual({ kind: 'staff', answerId: 'a-1' });
    expect(parsePostback(handoffData('a-1'))).toEqual({ kind: 'handoff', answerId: 'a-1' });
    expect(parsePostback(handoffCancelData())).toEqual({ kind: 'handoff_cancel' });
    expect(parsePostback('act=handoff')).toEqual({ kind: 'unknown' });
    expect(parsePostback(helpData())).toEqual({ kind: 'help' });
    expect(parsePostback('menu=nothing')).toEqual({ kind: 'unknown' });
    expect(parsePostback('act=staff&p=1')).toEqual({ kind: 'unknown' });
  });

  it('returns unknown for data it did not produce', () => {
    for (const data of [
      '',
      'fb=maybe&a=1',
      'fb=up',
      'fb=up&a=1&extra=2',
      'fb=up&a=1&a=2',
      'topic=',
      'topic=Not A Key',
      'act=other&p=1',
      'action=buy&itemid=111',
      '__proto__=x',
      '%',
      'x'.repeat(5000),
    ]) {
      expect(parsePostback(data)).toEqual({ kind: 'unknown' });
    }
  });

  it('round-trips the data our buttons carry', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (helpful, answerId) => {
        expect(parsePostback(feedbackData(helpful, answerId))).toEqual({
          kind: 'feedback',
          helpful,
          answerId,
        });
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (passageId) => {
        expect(parsePostback(passageData(passageId))).toEqual({ kind: 'passage', passageId });
      }),
    );
    expect(parsePostback(topicData('consult'))).toEqual({ kind: 'topic', key: 'consult' });
  });

  it('never throws, whatever the data', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (data) => {
        expect(() => parsePostback(data)).not.toThrow();
      }),
    );
  });
});
