import { describe, expect, it } from 'vitest';
import { renderTable, segmentNames, splitRow, unflattenRow } from '../../src/corpus/tables.ts';

const rows = (text: string) => text.split('\n').map(splitRow);
const none = { title: null, unit: null };

describe('renderTable', () => {
  it('puts the caption and each header next to its value in a one-row table', () => {
    const table = renderTable(rows('世帯数\t総数\t男\t女\n77,314\t151,326\t70,765\t80,561'), {
      title: '令和7年国勢調査結果速報値（10月1日現在）',
      unit: '（単位：世帯、人）',
    });
    expect(table).toEqual({
      units: [
        '令和7年国勢調査結果速報値（10月1日現在）（単位：世帯、人）: 世帯数 77,314 / 総数 151,326 / 男 70,765 / 女 80,561',
      ],
      standalone: false,
    });
  });

  it('keeps the header with every row of a longer table', () => {
    const table = renderTable(
      rows(
        '指標\t参考値 (令和元年度)\t現状値 (令和6年度)\n経常収支比率\t99.8%\t99.0%\n実質公債費比率\t14.6%\t10.2%',
      ),
      none,
    );
    expect(table.units).toEqual([
      '指標 経常収支比率 / 参考値 (令和元年度) 99.8% / 現状値 (令和6年度) 99.0%',
      '指標 実質公債費比率 / 参考値 (令和元年度) 14.6% / 現状値 (令和6年度) 10.2%',
    ]);
  });

  it('folds continuation rows into their row and pairs labels with values', () => {
    const table = renderTable(
      rows(
        '事業名\t内容\t実績\t\n\t\t実施回数\t参加人数\n市政懇談会\t意見交換の場。\t実施回数\t7回\n\t\t参加人数\t142人\n陳情\t調整する。\t要望件数\t785件',
      ),
      none,
    );
    expect(table.units).toEqual([
      '事業名 市政懇談会 / 内容 意見交換の場。 / 実績 実施回数 7回、参加人数 142人',
      '事業名 陳情 / 内容 調整する。 / 実績 要望件数 785件',
    ]);
  });

  it('puts prose cells after the figures so a row name and its figures share a sentence', () => {
    const table = renderTable(
      rows(
        '事業名\t内容\t実績\n陳情\t団体の要望を伝え、調整する。回答を必要とするものは回答する。\t785件\n一般広聴\t要望に対応する。\t174件',
      ),
      none,
    );
    expect(table.units).toEqual([
      '事業名 陳情 / 実績 785件 / 内容 団体の要望を伝え、調整する。回答を必要とするものは回答する。',
      '事業名 一般広聴 / 内容 要望に対応する。 / 実績 174件',
    ]);
  });

  it('turns a key/value table into one standalone record per item', () => {
    const table = renderTable(
      rows(
        '都市名\t鳥取市（鳥取県）\n提携年月日\t昭和38（1963）年10月4日\n提携の経緯\t移住した。\n都市名\t湯沢市（秋田県）\n提携年月日\t昭和38（1963）年10月4日\n提携の経緯\t交流があった。',
      ),
      none,
    );
    expect(table).toEqual({
      units: [
        '都市名: 鳥取市（鳥取県）\n提携年月日: 昭和38（1963）年10月4日\n提携の経緯: 移住した。',
        '都市名: 湯沢市（秋田県）\n提携年月日: 昭和38（1963）年10月4日\n提携の経緯: 交流があった。',
      ],
      standalone: true,
    });
  });

  it('reads a table of names as a list of names', () => {
    const table = renderTable(
      rows('張江梯治\t宮高重敏\t石川明美\n菅原博旦\t西直行\t続木敏博\n坂久幸\t戸田悟\t'),
      {
        title: '功労者名',
        unit: null,
      },
    );
    expect(table.units).toEqual([
      '功労者名: 張江梯治、宮高重敏、石川明美、菅原博旦、西直行、続木敏博、坂久幸、戸田悟',
    ]);
  });

  it('labels each group of a headerless table with its first cell', () => {
    const table = renderTable(rows('公開請求 件数115件\t公開\t65件\n\t部分公開\t47件\n\t非公開\t7件'), none);
    expect(table.units).toEqual(['公開請求 件数115件: 公開 65件 / 部分公開 47件 / 非公開 7件']);
  });

  it('splits a flattened row back into rows with names known from the document', () => {
    const table = renderTable(
      rows(
        '代\t氏名\t在職期間\n初 2～5 6\t伊東良孝蝦名大也鶴間秀典\t平成17年10月23日～平成20年10月6日 平成20年11月2日～令和6年11月1日 令和6年11月2日～',
      ),
      none,
      new Set(['伊東良孝', '鶴間秀典']),
    );
    expect(table.units).toEqual([
      '初代 / 氏名 伊東良孝 / 在職期間 平成17年10月23日～平成20年10月6日',
      '2～5代 / 氏名 蝦名大也 / 在職期間 平成20年11月2日～令和6年11月1日',
      '6代 / 氏名 鶴間秀典 / 在職期間 令和6年11月2日～',
    ]);
  });

  it('keeps a flattened row whole when the names cannot be told apart', () => {
    const row = ['初 2～5 6', '伊東良孝蝦名大也鶴間秀典', 'A B C'];
    expect(unflattenRow(row, new Set())).toBeNull();
    expect(segmentNames('伊東良孝蝦名大也鶴間秀典', new Set(['伊東良孝']))).toBeNull();
  });
});
