// A Markdown upload keeps its headings: `##` sections become passages with their heading paths (issue 13 §3).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBlocks } from '../../src/corpus/blocks.ts';
import { cleanLines } from '../../src/corpus/cleanup.ts';
import { extractDocument } from '../../src/corpus/extract/index.ts';
import { markdownToText } from '../../src/corpus/extract/markdown.ts';
import { buildOutline, type Section } from '../../src/corpus/outline.ts';
import { toPassages } from '../../src/corpus/passages.ts';

const FIXTURE = 'library-guide.md';
const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', FIXTURE)));

/** The outline as heading paths, one per section. */
function outlinePaths(text: string): string[] {
  const walk = (s: Section, path: string[]): string[] => {
    const here = s.heading === null ? path : [...path, s.heading];
    return [...(s.heading === null ? [] : [here.join(' › ')]), ...s.children.flatMap((c) => walk(c, here))];
  };
  return walk(buildOutline(toBlocks(cleanLines(text))), []);
}

async function passagesOf(data: Uint8Array, name: string) {
  const result = await extractDocument(data, name);
  if (!result.success) throw new Error(result.error);
  return {
    titleHint: result.titleHint,
    passages: toPassages({
      meta: { id: 'kushiro-library', title: '図書館の利用案内', municipality: '釧路市', source: name },
      body: result.text,
    }),
  };
}

describe('Markdown headings on upload', () => {
  it('cuts the file at its ## headings and nests ### under them', async () => {
    const { passages, titleHint } = await passagesOf(bytes, FIXTURE);
    expect(titleHint).toBe('釧路市中央図書館 利用のご案内');
    const paths = passages.map((p) => p.headingPath.join(' › '));
    expect(paths).toContain('開館時間と休館日（令和8年度）');
    expect(paths).toContain('利用者カード');
    expect(paths).toContain('お問い合わせ');
    expect(passages.length).toBeGreaterThanOrEqual(4);
    // A short sub-section stays in its parent's passage, its heading printed as a line.
    expect(passages.find((p) => p.headingPath[0] === '利用者カード')?.text).toContain(
      '\n市外にお住まいの方\n',
    );
    expect(outlinePaths(markdownToText(new TextDecoder().decode(bytes)))).toEqual([
      '開館時間と休館日（令和8年度）',
      '利用者カード',
      '利用者カード › 市外にお住まいの方',
      'お問い合わせ',
    ]);
  });

  it('prints a heading without its hashes and keeps the page title out of the heading paths', async () => {
    const { passages } = await passagesOf(bytes, FIXTURE);
    const text = passages.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/^#/m);
    expect(passages.every((p) => p.headingPath[0] !== '釧路市中央図書館 利用のご案内')).toBe(true);
    const hours = passages.find((p) => p.headingPath[0] === '開館時間と休館日（令和8年度）');
    expect(hours?.text).toContain('開館時間：9時～20時');
  });

  it('keeps a heading a printed page would not (digits, spaces, punctuation) as a heading', () => {
    expect(markdownToText('# 案内\n\n本文です。\n\n## 2 受付・相談 (平日)\n\n受付は9時からです。')).toBe(
      '案内\n\n本文です。\n\n## 2 受付・相談 (平日)\n\n受付は9時からです。',
    );
  });

  it('treats several # headings as sections, not as a title', () => {
    const md =
      '# 申込み\n\n申込みは窓口で受け付けます。\n\n## 窓口\n\n市役所1階です。\n\n# 料金\n\n参加費：500円';
    expect(outlinePaths(markdownToText(md))).toEqual(['申込み', '申込み › 窓口', '料金']);
  });

  it('leaves a full-width ＃ in printed text alone', async () => {
    const { passages } = await passagesOf(
      new TextEncoder().encode('案内\n\n＃ 1 の会場は市民会館です。'),
      'note.txt',
    );
    expect(passages.map((p) => p.text).join('\n')).toContain('＃ 1 の会場は市民会館です。');
  });
});
