// The five real corpus files: nothing of the source text is lost, and known passages come out right.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus/load.ts';
import type { CorpusDocument, Passage } from '../../src/qa/types.ts';
import { copyShippedCorpus, SHIPPED_DOCUMENTS } from '../support/shipped-corpus.ts';

const shipped = copyShippedCorpus();
afterAll(() => shipped.remove());
const corpus = await loadCorpusDir(shipped.corpusDir);
const byDoc = (id: string) => corpus.passages.filter((p) => p.docId === id);

/** Comparison form: NFKC, no whitespace, no glossary marks, no extraction bullets. */
function norm(text: string): string {
  return text
    .replace(/\^\{[*※]\}|\[※\]|(?<=\S)\*/g, '')
    .normalize('NFKC')
    .replace(/\s+/g, '');
}

function rawLines(doc: CorpusDocument): string[] {
  return doc.body
    .split('\n')
    .map((l) => l.replace(/^[ \u3000]*-\s+/, '').trim())
    .filter((l) => l !== '');
}

const NUMBER = /\d+(?:[,.-]\d+)*/g;
const ERA_DATE = /(?:明治|大正|昭和|平成|令和)(?:\d+|元)年(?:\d+月)?(?:\d+日)?/g;
// Marked headings as printed; checked against the cleaned passages independently of the parser.
const HEADING =
  /^(?:第[0-9０-９]+[編部章期]|[（(][0-9０-９]+[)）]|[（(][ア-ト][)）]|[①-⑳]|[0-9０-９]{1,2}-[0-9０-９]{1,2}\s|[0-9０-９]{1,2}[\s\u3000]|【[^】]+】|[ア-ト][\s\u3000])/;

function passageForms(passages: Passage[]) {
  const text = norm(passages.map((p) => p.text).join('\n'));
  const all = norm(passages.flatMap((p) => [...p.headingPath, p.text]).join('\n'));
  return { text, all };
}

describe('the real corpus', () => {
  it('loads all five documents without errors', () => {
    expect(corpus.errors).toEqual([]);
    expect(corpus.documents.map((d) => d.meta.municipality).sort()).toEqual([
      '釜石市',
      '釧路市',
      '釧路市',
      '釧路市',
      '釧路市',
    ]);
  });

  describe.each(corpus.documents.map((d) => [d.meta.id, d] as const))('%s', (id, doc) => {
    const passages = byDoc(id);
    const { text, all } = passageForms(passages);
    const raw = norm(rawLines(doc).join('\n'));
    const tokens = rawLines(doc)
      .flatMap((l) => l.split(/[\s\u3000]+/))
      .map(norm);

    it('keeps every number as printed', () => {
      const numbers = new Set(tokens.flatMap((t) => t.match(NUMBER) ?? []));
      const lost = [...numbers].filter(
        (n) => !new RegExp(`(?<![\\d])${n.replace(/[.]/g, '\\.')}(?![\\d])`).test(all),
      );
      expect(lost).toEqual([]);
    });

    it('keeps every era date', () => {
      const dates = new Set(raw.match(ERA_DATE) ?? []);
      expect([...dates].filter((d) => !all.includes(d))).toEqual([]);
    });

    it('keeps every marked heading, in a heading path or in the text', () => {
      const headings = rawLines(doc)
        .filter((l) => HEADING.test(l) && [...l].length <= 45 && !l.includes('\t'))
        .map(norm);
      expect(headings.length).toBeGreaterThan(0);
      expect(headings.filter((h) => !all.includes(h))).toEqual([]);
    });

    it('keeps every line of text and every table cell word', () => {
      const lost = rawLines(doc).flatMap((line) => {
        if (line.includes('\t')) {
          return line
            .split(/[\t\s\u3000]+/)
            .map(norm)
            .filter((w) => w !== '' && !all.includes(w));
        }
        return all.includes(norm(line)) ? [] : [line];
      });
      expect(lost).toEqual([]);
    });

    it('numbers its passages in order and keeps them near the target size', () => {
      expect(passages.map((p) => p.ordinal)).toEqual(passages.map((_, i) => i));
      expect(passages.every((p) => p.id === `${id}#${p.ordinal}` && p.text.trim() !== '')).toBe(true);
      // Only one table record or one unsplittable sentence may exceed the cap.
      const oversized = passages.filter((p) => [...p.text].length > 450 && !/^[^。]*。?$/.test(p.text));
      expect(oversized.filter((p) => !p.text.startsWith('都市名:') && p.kind !== 'table')).toEqual([]);
    });

    it('does not duplicate text between passages', () => {
      expect(text.length).toBeLessThan(raw.length * 1.3);
    });
  });
});

function find(docId: string, needle: string): Passage {
  const found = byDoc(docId).filter((p) => p.text.includes(needle));
  expect(found, needle).toHaveLength(1);
  return found[0] as Passage;
}

describe('known passages of the 総合政策部 事務概要', () => {
  const doc = 'kushiro-sogo-seisaku-jimu-gaiyo';

  it('has the census row with its caption, unit and headers', () => {
    const p = find(
      doc,
      '令和7年国勢調査結果速報値（10月1日現在）（単位：世帯、人）: 世帯数 77,314 / 総数 151,326 / 男 70,765 / 女 80,561',
    );
    expect(p.kind).toBe('table');
    expect(p.headingPath.slice(0, 3)).toEqual(['第6編 総合政策部', '企画課', '14 各種統計調査結果']);
  });

  it('keeps the Tokyo office contact with its heading', () => {
    const p = find(doc, '電話 (03) 3263-1992');
    expect(p.kind).toBe('contact');
    expect(p.headingPath).toEqual(['第6編 総合政策部', '釧路市東京事務所', '1 東京事務所の概要']);
    expect(p.text).toContain('住所 〒102-0093 東京都千代田区平河町2-4-1 日本都市センター会館9階');
    expect(p.text).toContain('企業誘致のための情報収集');
  });

  it('files the stay-member card count under 長期滞在・移住促進', () => {
    const p = find(doc, 'くしろステイメンバースカード発行枚数 778枚');
    expect(p.headingPath).toContain('13 長期滞在・移住促進に関すること');
    expect(p.headingPath).toContain('市民協働推進課');
  });

  it('files the free legal consultation row under 広聴活動 with its results', () => {
    const p = find(doc, '無料法律・人権相談');
    expect(p.headingPath).toContain('4 広聴活動');
    expect(p.text).toContain(
      '事業名 無料法律・人権相談 / 実績 実施回数 21回、相談件数 104件 / 内容 金曜日のみ、釧路地方法務局人権擁護課',
    );
  });

  it('splits the flattened mayors row into one row per mayor', () => {
    const p = find(doc, '氏名 鶴間秀典');
    expect(p.headingPath.at(-1)).toBe('1 歴代市長');
    expect(p.text.split('\n')).toEqual([
      '初代 / 氏名 伊東良孝 / 在職期間 平成17年10月23日～平成20年10月6日',
      '2～5代 / 氏名 蝦名大也 / 在職期間 平成20年11月2日～令和6年11月1日',
      '6代 / 氏名 鶴間秀典 / 在職期間 令和6年11月2日～',
    ]);
  });

  it('keeps each deputy mayor with the header of his term', () => {
    expect(find(doc, '氏名 伴里喜久治').text).toContain(
      '氏名 伴里喜久治 / 在職期間 平成31年4月1日～令和5年3月31日',
    );
  });

  it('gives each sister city a passage of its own', () => {
    const tottori = find(doc, '都市名: 鳥取市（鳥取県）');
    expect(tottori.text).toContain('提携年月日: 昭和38（1963）年10月4日');
    expect(tottori.text).not.toContain('湯沢市（秋田県）');
    expect(find(doc, '都市名: 湯沢市（秋田県）').headingPath.at(-1)).toBe('7 国内姉妹都市');
  });

  it('lists the honoured citizens as joined names', () => {
    expect(find(doc, '功労者名: 張江梯治、宮高重敏、').text).toContain(
      '鶴間秀典、山口隆、坂久幸、戸田悟、村上和繁',
    );
  });

  it('keeps dated list items as body text under their heading', () => {
    const p = find(doc, 'ア 令和7年7月28日～30日 北海道開発局・北海道・各省庁ほか関係機関へ要望活動');
    expect(p.headingPath.join(' ')).not.toContain('令和7年7月28日');
  });
});

describe('known passages of the other documents', () => {
  it('rejoins the wrapped lines of the 基本構想 概要版', () => {
    const p = find('kushiro-machizukuri-kihon-koso-gaiyo', '生産年齢人口の転出による地域経済の規模縮小');
    expect(p.text).toContain('地域経済の低迷などにより他地域へ人口が流出');
  });

  it('joins the spaced-out indicator names of the 総合戦略 and keeps both periods', () => {
    const doc = 'kushiro-sogo-senryaku-taikeizu';
    expect(find(doc, '延べ宿泊客数：現状値153万人(H30年度) → 199万人(R6年度)').headingPath[0]).toMatch(
      /^第2期/,
    );
    expect(find(doc, '延べ宿泊客数：現状値126万人泊(R5年度)').headingPath[0]).toMatch(/^第3期/);
    expect(find(doc, '長期滞在者数：現状値 2,026 人').text).toBeTruthy();
  });

  it('keeps the 釜石 indicators with their header under 施策の成果指標', () => {
    const p = find('kamaishi-sogo-keikaku-suishin', '指標 経常収支比率 / 参考値 (令和元年度) 99.8%');
    expect(p.headingPath).toEqual([
      '第1部 計画の推進',
      '3 効率的・安定的な行財政運営ができるまち',
      '施策の成果指標',
    ]);
    expect(p.text).toContain('目標値 (令和12年度) 96.0%');
  });

  it('nests 釜石 policies under their policy area', () => {
    const p = find('kamaishi-sogo-keikaku-suishin', 'シビックプライドが息づくまちづくり');
    expect(p.headingPath.slice(0, 3)).toEqual([
      '第1部 計画の推進',
      '1 全市民参加でつくるまち',
      '1-1 みんなが参画できるまちづくりの推進',
    ]);
  });

  it('reads the definition of 域内循環', () => {
    const p = find('kushiro-ikinai-junkan-renkan', '地元企業から購入・調達を図ることで');
    expect(p.headingPath.at(-1)).toBe('域内循環');
  });
});

describe('corpus files', () => {
  it('are the five shipped documents', () => {
    expect(corpus.documents.map((d) => d.meta.id).sort()).toEqual([...SHIPPED_DOCUMENTS]);
  });

  it('store the raw seed text unchanged after the header', () => {
    for (const doc of corpus.documents) {
      const file = readFileSync(join(shipped.corpusDir, `${doc.meta.id}.txt`), 'utf8');
      expect(file.endsWith(doc.body)).toBe(true);
      expect(doc.meta.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
    }
  });
});
