import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AddOutcome,
  addFile,
  contentHash,
  inspectCorpus,
  type MetaInput,
  readExisting,
  removeDocument,
  suggestId,
  writeNewFile,
} from '../../src/corpus/add.ts';
import { parseCorpusFile } from '../../src/corpus/document.ts';
import { toPassages } from '../../src/corpus/passages.ts';
import { FIXTURE_FACTS, squash } from './facts.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
let corpusDir: string;

beforeEach(async () => {
  corpusDir = await mkdtemp(join(tmpdir(), 'kotae-corpus-add-'));
});
afterEach(async () => {
  await rm(corpusDir, { recursive: true, force: true });
});

const META: MetaInput = { title: 'テスト文書', municipality: '釧路市' };

async function add(name: string, meta: MetaInput | { missing: string } = META): Promise<AddOutcome> {
  const bytes = new Uint8Array(await readFile(join(FIXTURES, name)));
  const existing = await readExisting(corpusDir);
  return addFile(corpusDir, { fileName: name, bytes, meta: async () => meta }, existing, toPassages);
}

/** Every file of the corpus dir with its content, to prove a refusal changed nothing. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(corpusDir)) out[name] = await readFile(join(corpusDir, name), 'utf8');
  return out;
}

describe('addFile', () => {
  for (const [name, facts] of Object.entries(FIXTURE_FACTS)) {
    it(`adds ${name} so that every fact of it is in the passages`, async () => {
      const outcome = await add(name);
      if (!outcome.success) throw new Error(outcome.error);
      const text = await readFile(join(corpusDir, `${outcome.id}.txt`), 'utf8');
      const parsed = parseCorpusFile(text, `${outcome.id}.txt`);
      if (!parsed.success) throw new Error(parsed.error);
      expect(parsed.data.meta).toMatchObject({ title: 'テスト文書', municipality: '釧路市', source: name });
      const passages = toPassages(parsed.data);
      expect(outcome.summary.passages).toBe(passages.length);
      const all = squash(passages.map((p) => [...p.headingPath, p.text].join('\n')).join('\n'));
      for (const fact of facts) expect(all, fact).toContain(squash(fact));
    });
  }

  it('reports the headings and tables found', async () => {
    const docx = await add('kushiro-tokyo.docx');
    const html = await add('kamaishi-zaisei.html');
    expect(docx.success && docx.summary.headings).toBeGreaterThan(0);
    expect(docx.success && docx.summary.tables).toBeGreaterThan(0);
    expect(html.success && html.summary.tables).toBeGreaterThan(0);
  });

  it('stores the metadata given, with an id taken from the file name', async () => {
    const outcome = await add('kushiro-tokyo.docx', {
      title: '釧路市東京事務所',
      municipality: '釧路市',
      department: '総合政策部',
      period: '令和7年度',
      date: '2026-04-01',
      sourceUrl: 'https://www.city.kushiro.lg.jp/shisei/tokyo.html',
    });
    expect(outcome).toMatchObject({ success: true, id: 'kushiro-tokyo' });
    const text = await readFile(join(corpusDir, 'kushiro-tokyo.txt'), 'utf8');
    expect(text.split('\n').slice(0, 10)).toEqual([
      '---',
      'id: kushiro-tokyo',
      'title: 釧路市東京事務所',
      'municipality: 釧路市',
      'department: 総合政策部',
      'period: 令和7年度',
      'date: 2026-04-01',
      'source: kushiro-tokyo.docx',
      'sourceUrl: https://www.city.kushiro.lg.jp/shisei/tokyo.html',
      '---',
    ]);
  });

  const refusals: [string, string][] = [
    ['scanned.pdf', 'OCR が必要です'],
    ['empty.txt', 'ファイルが空です'],
    ['junk.bin', '文字のファイルではありません'],
  ];
  for (const [name, reason] of refusals) {
    it(`refuses ${name} and leaves the corpus untouched`, async () => {
      await add('kushiro-renkan.md');
      const before = await snapshot();
      const outcome = await add(name);
      expect(!outcome.success && outcome.error).toContain(reason);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('refuses a document already in the corpus, even under another file name', async () => {
    const first = await add('kamaishi-zaisei.html', { ...META, municipality: '釜石市' });
    expect(first).toMatchObject({ success: true, id: 'kamaishi-zaisei' });
    const before = await snapshot();
    const bytes = new Uint8Array(await readFile(join(FIXTURES, 'kamaishi-zaisei.html')));
    const again = await addFile(
      corpusDir,
      { fileName: 'copy-of-page.html', bytes, meta: async () => ({ ...META, title: '別名' }) },
      await readExisting(corpusDir),
      toPassages,
    );
    expect(!again.success && again.error).toContain('同じ内容の文書がすでにあります（kamaishi-zaisei）');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses when metadata is missing and writes nothing', async () => {
    const outcome = await add('kushiro-kokusai.pdf', { missing: '--title' });
    expect(!outcome.success && outcome.error).toContain('--title を指定してください');
    expect(await snapshot()).toEqual({});
  });

  it('refuses metadata the corpus header would not accept', async () => {
    const outcome = await add('kushiro-kokusai.pdf', { ...META, date: '2026-02-30' });
    expect(!outcome.success && outcome.error).toContain('日付 (--date)');
    expect(await snapshot()).toEqual({});
  });

  it('refuses an id already in use when it was asked for explicitly', async () => {
    await add('kushiro-renkan.md', { ...META, id: 'kushiro-renkan' });
    const outcome = await add('kushiro-tokyo.docx', { ...META, id: 'kushiro-renkan' });
    expect(!outcome.success && outcome.error).toContain('ID「kushiro-renkan」はすでに使われています');
  });

  it('numbers a generated id that is already in use', async () => {
    await writeFile(join(corpusDir, 'kushiro-tokyo.txt'), 'broken');
    const outcome = await add('kushiro-tokyo.docx');
    expect(outcome).toMatchObject({ success: true, id: 'kushiro-tokyo-2' });
  });
});

describe('suggestId', () => {
  it('uses the ascii part of the file name with the municipality prefix', () => {
    expect(suggestId('dir/Tokyo Office_2025.PDF', '釧路市', new Set(), 'x')).toBe(
      'kushiro-tokyo-office-2025',
    );
    expect(suggestId('kamaishi-plan.docx', '釜石市', new Set(), 'x')).toBe('kamaishi-plan');
  });

  it('falls back to the content hash for a Japanese or numeric file name', () => {
    const id = suggestId('総合計画.pdf', '釜石市', new Set(), '本文');
    expect(id).toBe(`kamaishi-${contentHash('本文').slice(0, 8)}`);
  });
});

describe('contentHash', () => {
  it('ignores spacing, line breaks and character width', () => {
    expect(contentHash('令和７年度\n 来館者数　1,816人')).toBe(contentHash('令和7年度来館者数1,816人'));
    expect(contentHash('来館者数1,816人')).not.toBe(contentHash('来館者数1,817人'));
  });
});

describe('writeNewFile', () => {
  it('never replaces an existing file and leaves no temporary file', async () => {
    await writeFile(join(corpusDir, 'doc.txt'), 'old');
    await expect(writeNewFile(corpusDir, 'doc', 'new')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await snapshot()).toEqual({ 'doc.txt': 'old' });
  });
});

describe('removeDocument', () => {
  it('removes a document by id and refuses an unknown one', async () => {
    await add('kushiro-renkan.md');
    expect(await removeDocument(corpusDir, 'kushiro-renkan')).toEqual({ success: true, title: 'テスト文書' });
    expect(await snapshot()).toEqual({});
    const again = await removeDocument(corpusDir, 'kushiro-renkan');
    expect(!again.success && again.error).toContain('ID「kushiro-renkan」の文書はありません');
  });

  it('refuses an id that could name a path outside the corpus', async () => {
    const outcome = await removeDocument(corpusDir, '../package');
    expect(!outcome.success && outcome.error).toContain('正しくありません');
  });
});

describe('inspectCorpus', () => {
  it('reports passages per document, broken files, duplicates and leftovers', async () => {
    await add('kushiro-renkan.md');
    const good = await readFile(join(corpusDir, 'kushiro-renkan.txt'), 'utf8');
    await writeFile(join(corpusDir, 'later-copy.txt'), good.replace('id: kushiro-renkan', 'id: later-copy'));
    await writeFile(join(corpusDir, 'broken.txt'), 'no header here');
    await writeFile(join(corpusDir, '.half.123.tmp'), 'partial');
    const reports = await inspectCorpus(corpusDir, toPassages);
    const byFile = Object.fromEntries(reports.map((r) => [r.file, r]));
    expect(byFile['kushiro-renkan.txt']?.problems).toEqual([]);
    expect(byFile['kushiro-renkan.txt']?.summary?.passages).toBeGreaterThan(0);
    expect(byFile['broken.txt']?.problems[0]).toContain('header');
    expect(byFile['later-copy.txt']?.problems[0]).toContain(
      '同じ内容の文書がすでにあります（kushiro-renkan）',
    );
    expect(byFile['.half.123.tmp']?.problems[0]).toContain('一時ファイル');
  });
});
