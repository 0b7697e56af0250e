import { describe, expect, it } from 'vitest';
import { parseCorpusFile, serializeCorpusFile } from '../../src/corpus/document.ts';
import type { DocumentMeta } from '../../src/qa/types.ts';

const meta: DocumentMeta = {
  id: 'kushiro-test',
  title: '釧路市テスト文書',
  municipality: '釧路市',
  department: '総合政策部',
  date: '2025-04-01',
  source: 'test.pdf',
};

const header = (lines: string[]) => ['---', ...lines, '---', '本文です。'].join('\n');
const valid = ['id: kushiro-test', 'title: 釧路市テスト文書', 'municipality: 釧路市', 'source: test.pdf'];

describe('parseCorpusFile', () => {
  it('reads the header fields and keeps the body byte for byte', () => {
    const body = '\n第6編 総合政策部\n\n企画課\t表\n  末尾の空白  \n';
    const parsed = parseCorpusFile(serializeCorpusFile(meta, body), 'kushiro-test.txt');
    expect(parsed).toEqual({ success: true, data: { meta, body } });
  });

  it('leaves absent optional fields out of the metadata', () => {
    const parsed = parseCorpusFile(header(valid), 'kushiro-test.txt');
    expect(parsed.success && Object.keys(parsed.data.meta)).toEqual([
      'id',
      'title',
      'municipality',
      'source',
    ]);
  });

  it.each([
    ['title', valid.filter((l) => !l.startsWith('title'))],
    ['municipality', valid.filter((l) => !l.startsWith('municipality'))],
    ['source', valid.filter((l) => !l.startsWith('source'))],
    ['id', valid.filter((l) => !l.startsWith('id'))],
  ])('rejects a file without %s and names the file and the field', (field, lines) => {
    const parsed = parseCorpusFile(header(lines), 'kushiro-test.txt');
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(parsed.error).toContain('kushiro-test.txt');
      expect(parsed.error).toContain(`"${field}"`);
      expect(parsed.error).toContain('missing');
    }
  });

  it.each([
    ['date', 'date: 2025-02-30'],
    ['date', 'date: 令和7年4月1日'],
    ['municipality', 'municipality: Kushiro'],
    ['sourceUrl', 'sourceUrl: ftp://example.jp/a.pdf'],
    ['title', 'title:'],
  ])('rejects an invalid %s with a message naming it', (field, line) => {
    const key = line.split(':')[0] ?? '';
    const lines = [...valid.filter((l) => !l.startsWith(`${key}:`)), line];
    const parsed = parseCorpusFile(header(lines), 'kushiro-test.txt');
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error).toMatch(new RegExp(`kushiro-test\\.txt: .*"${field}"`));
  });

  it('rejects an unknown field, a repeated field and a malformed line', () => {
    const unknown = parseCorpusFile(header([...valid, 'titel: typo']), 'kushiro-test.txt');
    const twice = parseCorpusFile(header([...valid, 'title: again']), 'kushiro-test.txt');
    const malformed = parseCorpusFile(header([...valid, 'just text']), 'kushiro-test.txt');
    expect(unknown.success || unknown.error).toMatch(/unknown header field "titel"/);
    expect(twice.success || twice.error).toMatch(/"title" appears twice/);
    expect(malformed.success || malformed.error).toMatch(/header line 6 is not "key: value"/);
  });

  it('rejects an id that differs from the file name', () => {
    const parsed = parseCorpusFile(header(valid), 'other-name.txt');
    expect(parsed.success || parsed.error).toMatch(/other-name\.txt: header field "id" is "kushiro-test"/);
  });

  it('rejects a file without a header or without its closing line', () => {
    expect(parseCorpusFile('本文だけ', 'a.txt')).toEqual({
      success: false,
      error: 'a.txt: the file must start with a "---" header line',
    });
    expect(parseCorpusFile('---\nid: a\n本文', 'a.txt').success).toBe(false);
  });

  it('accepts CRLF header lines and a byte order mark', () => {
    const text = `\uFEFF${header(valid).replace(/\n/g, '\r\n')}`;
    const parsed = parseCorpusFile(text, 'kushiro-test.txt');
    expect(parsed.success && parsed.data.meta.title).toBe('釧路市テスト文書');
  });
});

describe('serializeCorpusFile', () => {
  it('writes the fields in the documented order', () => {
    const text = serializeCorpusFile(meta, 'x');
    expect(text.split('\n').slice(0, 8)).toEqual([
      '---',
      'id: kushiro-test',
      'title: 釧路市テスト文書',
      'municipality: 釧路市',
      'department: 総合政策部',
      'date: 2025-04-01',
      'source: test.pdf',
      '---',
    ]);
  });

  it('throws on metadata that could not be read back', () => {
    expect(() => serializeCorpusFile({ ...meta, title: '二行の\nタイトル' }, '')).toThrow(/"title"/);
    expect(() => serializeCorpusFile({ ...meta, id: 'Bad Id' }, '')).toThrow(/"id"/);
  });
});
