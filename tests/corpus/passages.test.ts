import { describe, expect, it } from 'vitest';
import { PASSAGE_MAX_CHARS, PASSAGE_TARGET_CHARS, toPassages } from '../../src/corpus/passages.ts';
import type { CorpusDocument } from '../../src/qa/types.ts';

const doc = (body: string): CorpusDocument => ({
  meta: { id: 'test-doc', title: 'テスト', municipality: '釧路市', source: 'test.txt' },
  body,
});

const sentence = (i: number) => `これは${i}番目の文で、段落を長くするために書かれた説明の文章です。`;

describe('toPassages', () => {
  it('numbers passages in document order with ids made of the document id', () => {
    const passages = toPassages(doc('1 はじめに\n\n本文一。\n\n2 次に\n\n本文二。'));
    expect(passages.map((p) => [p.id, p.ordinal, p.docId, p.title, p.municipality])).toEqual([
      ['test-doc#0', 0, 'test-doc', 'テスト', '釧路市'],
    ]);
    expect(passages[0]?.text).toBe('1 はじめに\n本文一。\n2 次に\n本文二。');
  });

  it('gives each passage the path of its headings', () => {
    const long = Array.from({ length: 14 }, (_, i) => sentence(i)).join('');
    const passages = toPassages(doc(`企画課\n\n1 計画\n\n${long}\n\n2 調査\n\n(1) 国勢調査\n\n速報値です。`));
    expect(passages.map((p) => p.headingPath)).toEqual([
      ['企画課', '1 計画'],
      ['企画課', '1 計画'],
      ['企画課', '2 調査', '(1) 国勢調査'],
    ]);
  });

  it('splits a long body at sentence ends, never inside a sentence', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => sentence(i));
    const passages = toPassages(doc(`1 計画\n\n${sentences.join('')}`));
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.text.endsWith('。')).toBe(true);
      expect([...p.text].length).toBeLessThanOrEqual(PASSAGE_TARGET_CHARS);
    }
    expect(passages.map((p) => p.text).join('')).toBe(sentences.join(''));
  });

  it('keeps closing brackets with the sentence they close', () => {
    const quoted = Array.from({ length: 20 }, (_, i) => `「${sentence(i)}」`).join('');
    const passages = toPassages(doc(`1 計画\n\n${quoted}`));
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) expect(p.text).toMatch(/^「.*。」$/s);
  });

  it('keeps a contact block in the passage of its office heading', () => {
    const about = Array.from({ length: 5 }, (_, i) => sentence(i)).join('');
    const body = `釧路市東京事務所\n\n1 東京事務所の概要\n\n${about}\n\n住 所 〒102-0093 東京都千代田区平河町2-4-1\n 電 話 (03) 3263-1992\n\n2 活動状況\n\n${about}${about}`;
    const contact = toPassages(doc(body)).find((p) => p.text.includes('3263-1992'));
    expect(contact?.kind).toBe('contact');
    expect(contact?.headingPath).toEqual(['釧路市東京事務所', '1 東京事務所の概要']);
    expect(contact?.text).toContain(sentence(4));
  });

  it('keeps a heading with a short body together with its list', () => {
    const passages = toPassages(
      doc(
        '9 定住自立圏構想等推進\n\n圏域で確保する。\n\n- (1) 懇談会（2回開催）\n- (2) 意見交換会（1回開催）',
      ),
    );
    expect(passages).toHaveLength(1);
    expect(passages[0]?.headingPath).toEqual(['9 定住自立圏構想等推進']);
    expect(passages[0]?.text).toBe('圏域で確保する。\n(1) 懇談会（2回開催）\n(2) 意見交換会（1回開催）');
  });

  it('gives each record of a key/value table its own passage', () => {
    const table =
      '都市名\t鳥取市（鳥取県）\n提携年月日\t昭和38（1963）年10月4日\n\n都市名\t湯沢市（秋田県）\n提携年月日\t昭和38（1963）年10月4日';
    const passages = toPassages(doc(`7 国内姉妹都市\n\n${table}`));
    expect(passages.map((p) => [p.kind, p.headingPath, p.text.split('\n')[0]])).toEqual([
      ['table', ['7 国内姉妹都市'], '都市名: 鳥取市（鳥取県）'],
      ['table', ['7 国内姉妹都市'], '都市名: 湯沢市（秋田県）'],
    ]);
  });

  it('folds a lone label into the passage that follows it', () => {
    const body = `1 まち\n\n${sentence(1).repeat(8)}\n\n主な施策\n\n1-1 参画の推進\n\n${sentence(2).repeat(8)}`;
    const passages = toPassages(doc(body));
    expect(passages.some((p) => p.text === '主な施策')).toBe(false);
    expect(passages.some((p) => p.text.startsWith('主な施策\n'))).toBe(true);
  });

  it('returns nothing for an empty body', () => {
    expect(toPassages(doc('\n \n'))).toEqual([]);
  });

  it('is pure: the same text gives the same passages', () => {
    const body = '1 計画\n\n本文。\n\n2 調査\n\n調査文。';
    expect(toPassages(doc(body))).toEqual(toPassages(doc(body)));
    expect(PASSAGE_MAX_CHARS).toBeGreaterThan(PASSAGE_TARGET_CHARS);
  });
});

describe('toPassages on a Q&A page', () => {
  it('never cuts between a question and its answer, however long the section', () => {
    const pairs = Array.from({ length: 8 }, (_, i) => [
      `問${i + 1}　${i + 1}番目の手続きは窓口でできますか。`,
      `答　できます。${sentence(i)}${sentence(i + 10)}`,
    ]).flat();
    const passages = toPassages(doc(`よくある質問\n\n${pairs.join('\n\n')}`));
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) {
      const lines = p.text.split('\n');
      expect(lines.at(-1)).not.toMatch(/^問/);
      expect(lines.find((l) => l !== 'よくある質問')).toMatch(/^問/);
    }
  });
});

describe('toPassages gives each question of a Q&A page a passage of its own', () => {
  it('with its answer, apart from the page intro and the other questions, however short they are', () => {
    const body =
      'よくある質問\n\n申請についてよくある質問をまとめました。\n\nＱ１ 手数料はかかりますか。\nＡ１ かかりません。\n\nＱ２ メールで申請できますか。\nＡ２ メールでは受け付けていません。\n\nＱ３ 結果はいつわかりますか。\nＡ３ 3月下旬です。';
    const texts = toPassages(doc(body)).map((p) => p.text);
    expect(texts).toContain('Ｑ２ メールで申請できますか。\nＡ２ メールでは受け付けていません。');
    expect(texts.filter((t) => /Ｑ\d/.test(t)).every((t) => t.match(/Ｑ\d/g)?.length === 1)).toBe(true);
    expect(texts.find((t) => t.includes('まとめました'))).not.toContain('Ｑ１');
  });
});

describe('toPassages keeps a Q&A page’s answers whole', () => {
  it('starts a line at each Q. and A., even after a line left open', () => {
    const body =
      'よくある質問\n\nQ. 粗大ごみはどう出しますか。\nA. 事前申込制です。\n受付時間8時30分から17時まで（土日を除く）\nQ. 持ち込めますか。\nA. できます。';
    const lines = toPassages(doc(body)).flatMap((p) => p.text.split('\n'));
    expect(lines).toContain('受付時間8時30分から17時まで（土日を除く）');
    expect(lines).toContain('Q. 持ち込めますか。');
  });

  it('keeps every line of an answer with its question up to the next one', () => {
    const answer = (i: number) => [
      `A. ${sentence(i)}${sentence(i + 20)}`,
      `受付センター${i}　電話0154-31-45${10 + i}`,
      `受付時間${i}時から17時まで（土日を除く）`,
    ];
    const pairs = [1, 2, 3, 4].flatMap((i) => [`Q. ${i}番目の質問はどうなりますか。`, ...answer(i)]);
    const passages = toPassages(doc(`よくある質問\n\n${pairs.join('\n')}`));
    for (const i of [1, 2, 3, 4]) {
      const holder = passages.find((p) => p.text.includes(`Q. ${i}番目の質問`));
      expect(holder?.text).toContain(`受付時間${i}時から17時まで`);
    }
  });
});
