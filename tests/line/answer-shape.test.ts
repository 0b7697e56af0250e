import { describe, expect, it } from 'vitest';
import { shapeAnswer } from '../../src/line/answer-shape.ts';

describe('shapeAnswer', () => {
  it('takes the first line as the fact and at most two more as context', () => {
    expect(shapeAnswer('計画期間：平成30年度～令和9年度\n二行目\n三行目\n四行目')).toEqual({
      kind: 'fact',
      lead: '計画期間：平成30年度～令和9年度',
      context: ['二行目', '三行目'],
    });
  });

  it('reads items that carry the same kind of marker as a list', () => {
    expect(shapeAnswer('(1) 学校基本調査\n(2) 経済センサス')).toEqual({
      kind: 'list',
      intro: null,
      items: [
        { marker: '(1)', text: '学校基本調査' },
        { marker: '(2)', text: '経済センサス' },
      ],
    });
    expect(shapeAnswer('体系図について\n②移住・定住の促進\n③企業誘致')).toMatchObject({
      kind: 'list',
      intro: '体系図について',
      items: [{ marker: '②' }, { marker: '③' }],
    });
  });

  it('reads records that share a label as a list', () => {
    expect(shapeAnswer('都市名: バーナビー市\n都市名: ホルムスク市')).toMatchObject({
      kind: 'list',
      items: [
        { marker: null, text: 'バーナビー市' },
        { marker: null, text: 'ホルムスク市' },
      ],
    });
  });

  it('does not take a heading path of mixed markers for a list', () => {
    expect(
      shapeAnswer('計画期間：平成30年度～令和9年度\n(6) 中期実施計画\nア 釧路市まちづくり基本構想'),
    ).toMatchObject({
      kind: 'fact',
    });
  });

  it('does not take a word that starts with katakana for a marker', () => {
    expect(shapeAnswer('アイヌ文化の紹介\nイベントの案内')).toMatchObject({ kind: 'fact' });
  });

  it('reads blank text as an empty fact', () => {
    expect(shapeAnswer(' \n\n')).toEqual({ kind: 'fact', lead: '', context: [] });
  });
});
