import { describe, expect, it } from 'vitest';
import { type Block, toBlocks } from '../../src/corpus/blocks.ts';
import { cleanLines } from '../../src/corpus/cleanup.ts';
import { buildOutline, type Section } from '../../src/corpus/outline.ts';

const blocks = (text: string): Block[] => toBlocks(cleanLines(text));
const texts = (text: string) => blocks(text).map((b) => (b.type === 'table' ? b.rows : b.text));

/** Heading paths of every section that has body blocks, with the first words of its body. */
function outline(text: string): string[] {
  const out: string[] = [];
  const walk = (s: Section, path: string[]) => {
    const here = s.heading === null ? path : [...path, s.heading];
    for (const b of s.blocks)
      out.push(`${here.join(' > ')} | ${b.type === 'text' ? b.text.slice(0, 8) : 'table'}`);
    for (const c of s.children) walk(c, here);
  };
  walk(buildOutline(blocks(text)), []);
  return out;
}

// A page wrapped at 28 characters, as PDF extractions of printed plans are.
const WRAPPED = [
  '本市の人口は、自然減に加え、地域経済の低迷などにより他',
  '地域へ人口が流出、減少し、現在まで減少傾向が続いてます。',
  '特に若い世代の就職や進学を理由とした社会減が顕著です。',
  '人口減少に伴う消費行動の低下や、生産年齢人口の転出によ',
  '',
  'る地域経済の規模縮小が進むとともに、超高齢社会の到来によ',
  'る社会保障の負担増など、住民生活への影響が大きくなること',
  'が懸念されています。',
  '',
  '本市の総生産額は横ばいで推移しており、長期的な視点を',
  'もって生産額の拡大を目指すことが必要です。',
  'また、求人数は増加していますが、生産年齢人口の減少から',
  '',
  '多くの産業で就業者が減少しており、人材不足が顕在化しつつ',
  'あります。',
].join('\n');

describe('line rejoining', () => {
  it('rejoins lines broken mid-sentence, also across a blank line', () => {
    const [first, second] = texts(WRAPPED) as string[];
    expect(first).toContain('により他地域へ人口が流出');
    expect(first).toContain('生産年齢人口の転出による地域経済の規模縮小');
    expect(second).toContain('生産年齢人口の減少から多くの産業で');
  });

  it('keeps a page date on a line of its own, between a title and text of about its width', () => {
    const page =
      '冬の水道凍結にご注意ください\n\n公開日：2025年11月10日\n\n釧路市では、冬になると水道管の凍結が多く発生しています。';
    expect(texts(page).join('\n')).not.toContain('ください公開日');
    expect(texts(page)).toContain('公開日：2025年11月10日');
  });

  it('reads a heading the writer marked as a heading, though it names a phone (### 電話で申し込む)', () => {
    const page =
      '### 電話で申し込む\n受付センター　電話 0154-64-5300\n\n### インターネットで申し込む\n24時間申し込めます。';
    expect(
      blocks(page)
        .filter((b) => b.type === 'heading')
        .map((b) => b.text),
    ).toEqual(['電話で申し込む', 'インターネットで申し込む']);
  });

  it('keeps a finished paragraph apart from the next one', () => {
    expect(texts(WRAPPED)).toHaveLength(2);
  });

  it('rejoins a column of equal-width lines (a diagram box)', () => {
    const box =
      '【基本目標１】\n\n地域の魅力を生かして、経\n\n済・産業・交流人口・関係\n\n人口の拡大 を目指す\n';
    expect(texts(box)).toEqual([
      '【基本目標１】',
      '地域の魅力を生かして、経済・産業・交流人口・関係人口の拡大 を目指す',
    ]);
  });

  it('joins a short predicate tail broken off a diagram title, but not a noun label', () => {
    expect(texts('【基本目標３】\n\n地域が支え、安心して働ける\n\n環境をつくる\n')).toEqual([
      '【基本目標３】',
      '地域が支え、安心して働ける環境をつくる',
    ]);
    expect(
      texts('活動人口、つながり人口が増える\nことによつて、活力を創出\n\n人口減少の緩和\n\n資料／釜石市'),
    ).toEqual(['活動人口、つながり人口が増えることによつて、活力を創出', '人口減少の緩和', '資料／釜石市']);
  });

  it('keeps a one-line caption under a heading apart from the next paragraph', () => {
    const text =
      '基本方針５ 自然と都市とが調和した持続可能なまちづくり\n豊かな自然と調和しながら、生活を支える都市基盤を築く視点\n\n目指すべきまちづくりを実現するため、「育てる」「働く」';
    expect(texts(text)).toEqual([
      '基本方針５ 自然と都市とが調和した持続可能なまちづくり',
      '豊かな自然と調和しながら、生活を支える都市基盤を築く視点',
      '目指すべきまちづくりを実現するため、「育てる」「働く」',
    ]);
  });

  it('keeps a list item with its continuation line and records on their own lines', () => {
    const text =
      '- ア 令和7年7月28日～30日\n北海道開発局・北海道・各省庁ほか関係機関へ要望活動\n\n平成24年 釧路市都市経営戦略プラン 策定\n平成27年 釧路市まちづくり基本条例 施行';
    expect(texts(text)).toEqual([
      'ア 令和7年7月28日～30日 北海道開発局・北海道・各省庁ほか関係機関へ要望活動',
      '平成24年 釧路市都市経営戦略プラン 策定',
      '平成27年 釧路市まちづくり基本条例 施行',
    ]);
  });

  it('groups contact lines into one contact block', () => {
    const text =
      '開設した。\n\n住 所 〒102-0093 東京都千代田区平河町2-4-1\n 電 話 (03) 3263-1992 F A X (03) 3239-3669\n E-mail so-tokyo@city.kushiro.lg.jp';
    expect(blocks(text).at(-1)).toEqual({
      type: 'text',
      kind: 'contact',
      text: '住所 〒102-0093 東京都千代田区平河町2-4-1\n電話 (03) 3263-1992 FAX (03) 3239-3669\nE-mail so-tokyo@city.kushiro.lg.jp',
    });
  });

  it('reads table cells that a PDF wrapped onto lines without a tab', () => {
    const text = [
      '提携の経緯\t両市は不凍港を有し、その港の産業を',
      '中心に発展してきた港街であることから、提携に至った。',
      '市の概要\t人口（2019年）181,181人。水産業や工業・観光業に',
      'おいて、重要な拠点となっている。',
      '交流内容 (令',
      '和2年度)\t令和2年10月14日、記念式への釧路',
      '市長の祝賀ビデオメッセージ送信。',
      '',
      '12 国際化推進事業',
    ].join('\n');
    expect(texts(text)).toEqual([
      [
        [
          '提携の経緯',
          '両市は不凍港を有し、その港の産業を中心に発展してきた港街であることから、提携に至った。',
        ],
        ['市の概要', '人口（2019年）181,181人。水産業や工業・観光業において、重要な拠点となっている。'],
        ['交流内容 (令和2年度)', '令和2年10月14日、記念式への釧路市長の祝賀ビデオメッセージ送信。'],
      ],
      '12 国際化推進事業',
    ]);
  });

  it('ends a table at a finished row followed by a paragraph', () => {
    expect(texts('名称\t発行\n釧路市統計書\t毎年3月。\n次の段落です。')).toEqual([
      [
        ['名称', '発行'],
        ['釧路市統計書', '毎年3月。'],
      ],
      '次の段落です。',
    ]);
  });

  it('takes a bracketed unit line into the table below it', () => {
    const table = blocks('（単位：世帯、人）\n\n世帯数\t総数\n77,314\t151,326').at(-1);
    expect(table).toEqual({
      type: 'table',
      unit: '（単位：世帯、人）',
      rows: [
        ['世帯数', '総数'],
        ['77,314', '151,326'],
      ],
    });
  });
});

describe('heading detection', () => {
  it.each([
    ['第6編 総合政策部', 'part'],
    ['企画課', 'department'],
    ['釧路市東京事務所', 'department'],
    ['13 長期滞在・移住促進に関すること', 'number'],
    ['（１）策定の目的', 'paren-number'],
    ['(1) 令和7年国勢調査結果速報値（10月1日現在）', 'paren-number'],
    ['ア 調査の目的', 'katakana'],
    ['(ア) 北海道移住・交流フェア（大阪）', 'paren-katakana'],
    ['①釧路らしさを生み出す農林水産業の成長産業化', 'circled'],
    ['1-1 みんなが参画できるまちづくりの推進', 'hyphen-number'],
    ['【基本目標１】', 'bracket'],
    ['基本方針１ 未来を担う子どもを育てるまちづくり', 'numbered-term'],
    ['６ 重点戦略', 'number'],
    ['施策の成果指標', 'label'],
    ['第1 趣旨', 'part'],
    ['第2章 総則', 'part'],
    ['1．はじめに', 'number'],
    ['2) 位置付け', 'paren-number'],
  ])('takes %s for a %s heading', (line, style) => {
    const [block] = blocks(`\n${line}\n\n本文です。`);
    expect(block?.type === 'heading' && block.marker.style).toBe(style);
  });

  it.each([
    [
      'a long sentence starting with ①',
      '①あらゆる人々が、まちについてともに考え、活動することを目的として組織しています。',
    ],
    ['a dated list item', '- ア 令和7年7月28日～30日\n北海道開発局へ要望活動'],
    ['a bullet among bullets', '- (1) 釧路地域協議会（2回開催）\n- (2) 阿寒地域協議会（3回開催）'],
    ['an enumerator glued to its text', 'ア高付加価値化による魅力ある産品づくり'],
    ['a row of diagram labels', '基本方針１ 基本方針２ 基本方針３'],
    ['a fact line with a date', '平成27年2月2日から運用開始'],
    ['a decimal figure', '1.5倍に増加した'],
    ['a marked line ending in a quantity', '(ア) くしろステイメンバースカード発行枚数 778枚（令和7年度）'],
  ])('reads %s as body text', (_, text) => {
    expect(blocks(`\n${text}\n`).every((b) => b.type !== 'heading')).toBe(true);
  });

  it('gives a bare part number its title line', () => {
    const [block] = blocks('\n第1部\n\n計画の推進\n\n基本構想を推進し、将来像を実現します。');
    expect(block?.type === 'heading' && block.text).toBe('第1部 計画の推進');
  });

  it('joins a heading wrapped before its last word', () => {
    const [block] = blocks('③釧路の強みを生かした移住・定住の促進及び関係人\n\n口の創出\n\nア 本文');
    expect(block?.type === 'heading' && block.text).toBe(
      '③釧路の強みを生かした移住・定住の促進及び関係人口の創出',
    );
  });
});

describe('buildOutline', () => {
  it('nests departments under the part and numbered headings under departments', () => {
    const text =
      '第6編 総合政策部\n\n企画課\n\n1 基本構想\n\n(1) 策定の目的\n\n目的文。\n\n(2) 位置付け\n\n位置文。\n\n2 強靱化計画\n\n計画文。\n\n秘書課\n\n1 歴代市長\n\n市長文。';
    expect(outline(text)).toEqual([
      '第6編 総合政策部 > 企画課 > 1 基本構想 > (1) 策定の目的 | 目的文。',
      '第6編 総合政策部 > 企画課 > 1 基本構想 > (2) 位置付け | 位置文。',
      '第6編 総合政策部 > 企画課 > 2 強靱化計画 | 計画文。',
      '第6編 総合政策部 > 秘書課 > 1 歴代市長 | 市長文。',
    ]);
  });

  it('nests a numbering that restarts at 1 and returns when the outer numbering continues', () => {
    const text =
      '1 全市民参加でつくるまち\n\n現状と課題\n\n①課題の文章です。\n\n主な施策\n\n1-1 みんなが参画できるまちづくりの推進\n\n1 シビックプライドの醸成\n\n①施策の文章です。\n\n2 地域活動の推進\n\n①活動の文章です。\n\n施策の成果指標\n\n指標表。\n\n2 多様な連携と交流によるまち\n\n現状と課題\n\n①別の課題です。';
    expect(outline(text)).toEqual([
      '1 全市民参加でつくるまち > 現状と課題 | ①課題の文章です',
      '1 全市民参加でつくるまち > 1-1 みんなが参画できるまちづくりの推進 > 1 シビックプライドの醸成 | ①施策の文章です',
      '1 全市民参加でつくるまち > 1-1 みんなが参画できるまちづくりの推進 > 2 地域活動の推進 | ①活動の文章です',
      '1 全市民参加でつくるまち > 施策の成果指標 | 指標表。',
      '2 多様な連携と交流によるまち > 現状と課題 | ①別の課題です。',
    ]);
  });

  it('keeps a restarted list of the same style as siblings', () => {
    const text = '(イ) 東京フェア\n\nエ カードを発行することで、滞在を支える。\n\n(ア) カード発行';
    const root = buildOutline(blocks(text));
    expect(root.children.map((c) => c.heading)).toEqual(['(イ) 東京フェア', '(ア) カード発行']);
  });

  it('follows the usual order 1 > (1) > ア when there is no sibling to follow', () => {
    const text =
      '（３）計画期間\n\n十年間。\n\n１ はじめに\n\n始めの文。\n\n（１）目的\n\n目的の文。\n\nア 細目\n\n細目の文。\n\n（２）位置付け\n\n位置の文。';
    expect(outline(text)).toEqual([
      '（３）計画期間 | 十年間。',
      '１ はじめに | 始めの文。',
      '１ はじめに > （１）目的 | 目的の文。',
      '１ はじめに > （１）目的 > ア 細目 | 細目の文。',
      '１ はじめに > （２）位置付け | 位置の文。',
    ]);
  });

  it('puts a label first under an empty numbered heading, and the next label beside it', () => {
    const text =
      '1 都市経営戦略プラン\n\n政策プラン\n\nプランの文。\n\n2 域内循環\n\n域内循環\n\n循環の文。\n\n5 取り組む理由\n\n理由の文。\n\n域内連関の仕組み\n\n仕組みの文。';
    expect(outline(text)).toEqual([
      '1 都市経営戦略プラン > 政策プラン | プランの文。',
      '2 域内循環 > 域内循環 | 循環の文。',
      '5 取り組む理由 | 理由の文。',
      '5 取り組む理由 > 域内連関の仕組み | 仕組みの文。',
    ]);
  });
});

describe('list items that look like headings', () => {
  it('reads back-to-back empty headings with consecutive numbers as a list', () => {
    const text =
      '施策の体系\n\n1-1 みんなが参画できるまちづくりの推進\n\n1-2 地域のアイデンティティ形成\n\nこれまでの取組\n\n取組の文。';
    expect(
      blocks(text).map((b) => (b.type === 'heading' ? `# ${b.text}` : b.type === 'text' ? b.text : '')),
    ).toEqual([
      '# 施策の体系',
      '1-1 みんなが参画できるまちづくりの推進',
      '1-2 地域のアイデンティティ形成',
      '# これまでの取組',
      '取組の文。',
    ]);
  });

  it('reads a heading followed by the next item of its list as an item', () => {
    const text = 'ア 「日本版ＤＭＯ」の推進\n\nイ釧路が誇る地域資源を生かした滞在型観光地域づくり';
    expect(blocks(text).every((b) => b.type === 'text' && b.kind === 'list')).toBe(true);
  });
});
