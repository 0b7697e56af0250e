import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/corpus/extract/decode.ts';
import { htmlToText } from '../../src/corpus/extract/html.ts';
import { detectFormat, extractDocument } from '../../src/corpus/extract/index.ts';
import { markdownToText } from '../../src/corpus/extract/markdown.ts';
import { FIXTURE_FACTS, squash } from './facts.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

async function extracted(name: string): Promise<string> {
  const result = await extractDocument(fixture(name), name);
  if (!result.success) throw new Error(`${name} was refused: ${result.error}`);
  return result.text;
}

describe('extractDocument on files made by real writers', () => {
  for (const [name, facts] of Object.entries(FIXTURE_FACTS)) {
    it(`keeps every fact of ${name}`, async () => {
      const text = squash(await extracted(name));
      for (const fact of facts) expect(text, fact).toContain(squash(fact));
    });
  }

  it('keeps section numbers apart from their headings in a PDF', async () => {
    const lines = (await extracted('kushiro-kokusai.pdf')).split('\n');
    expect(lines).toContain('13 長期滞在・移住促進に関すること');
    expect(lines).toContain('(3) 令和7年度滞在実績');
  });

  it('joins the spacing a writer puts between Japanese and digits inside a PDF line', async () => {
    expect((await extracted('kushiro-kokusai.pdf')).split('\n')).toContain(
      '長期滞在者1,525組2,364人、延べ滞在日数31,628日',
    );
  });

  it('writes a PDF table row with tab-separated cells', async () => {
    expect((await extracted('kushiro-kokusai.pdf')).split('\n')).toContain(
      '提携年月日\t平成10（1998）年8月25日',
    );
  });

  it('keeps a Word table as tab-separated rows', async () => {
    const lines = (await extracted('kushiro-tokyo.docx')).split('\n');
    expect(lines).toContain('区 分\t来所者数\t訪問件数\t会議等出席\t要 望\t情報収集');
    expect(lines).toContain('件 数\t230\t336\t27\t16\t149');
  });

  it('keeps the HTML table and drops the header, navigation, side bar and footer', async () => {
    const text = await extracted('kamaishi-zaisei.html');
    expect(text.split('\n')).toContain('定員管理による適正な人員確保\t439人\t353人\t330人');
    for (const chrome of [
      '本文へ移動',
      'くらし・手続き',
      'よく見られているページ',
      'Copyright',
      '只越町',
      'dataLayer',
      'ホーム',
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it('offers the document title as a hint', async () => {
    const result = await extractDocument(fixture('kushiro-tokyo.docx'), 'kushiro-tokyo.docx');
    expect(result.success && result.titleHint).toBe('釧路市東京事務所');
  });
});

describe('htmlToText on a table with merged cells', () => {
  it('repeats a cell spanning rows or columns in each row and column it covers', () => {
    const html = `<main><table>
<tr><th rowspan="2">墓地名</th><th colspan="2">使用料</th></tr>
<tr><th>永代</th><th>年間</th></tr>
<tr><td rowspan="2">大平墓園</td><td>300,000円</td><td>3,000円</td></tr>
<tr><td>450,000円</td><td>4,000円</td></tr>
<tr><td>唐丹墓地</td><td>200,000円</td><td>2,000円</td></tr>
</table></main>`;
    expect(
      htmlToText(html)
        .text.split('\n')
        .filter((l) => l.includes('\t')),
    ).toEqual([
      '墓地名\t使用料\t使用料',
      '墓地名\t永代\t年間',
      '大平墓園\t300,000円\t3,000円',
      '大平墓園\t450,000円\t4,000円',
      '唐丹墓地\t200,000円\t2,000円',
    ]);
  });

  it('reads a span of 0 or nonsense as 1 and a huge one as a markup error, not a layout', () => {
    const cells = (html: string) =>
      htmlToText(`<main><table>${html}</table></main>`)
        .text.split('\n')
        .filter((l) => l.includes('\t'));
    expect(
      cells('<tr><td colspan="0">a</td><td rowspan="x">b</td></tr><tr><td>c</td><td>d</td></tr>'),
    ).toEqual(['a\tb', 'c\td']);
    const [wide = ''] = cells('<tr><td colspan="100000">a</td><td>b</td></tr>');
    expect(wide.split('\t').length).toBeLessThanOrEqual(51);
  });
});

describe('extractDocument refusals', () => {
  it('refuses a scanned PDF, asking for OCR', async () => {
    const result = await extractDocument(fixture('scanned.pdf'), 'scanned.pdf');
    expect(result.success).toBe(false);
    expect(!result.success && result.error).toContain('OCR が必要です');
  });

  it('refuses an empty file', async () => {
    const result = await extractDocument(fixture('empty.txt'), 'empty.txt');
    expect(!result.success && result.error).toContain('ファイルが空です');
  });

  it('refuses a file of whitespace only', async () => {
    const result = await extractDocument(new TextEncoder().encode(' \n\u3000\n'), 'blank.txt');
    expect(!result.success && result.error).toContain('ファイルが空です');
  });

  it('refuses binary junk', async () => {
    const result = await extractDocument(fixture('junk.bin'), 'junk.bin');
    expect(!result.success && result.error).toContain('文字のファイルではありません');
  });

  it('refuses text in no Japanese encoding', async () => {
    const bytes = new Uint8Array([0x41, 0xff, 0xfe, 0x42, 0xff, 0x43, 0xfd, 0x0a]);
    const result = await extractDocument(bytes, 'odd.txt');
    expect(!result.success && result.error).toContain('文字コードを判定できません');
  });

  it('says a PDF that pdf.js cannot open is broken', async () => {
    const result = await extractDocument(new TextEncoder().encode('%PDF-1.7\n garbage'), 'broken.pdf');
    expect(!result.success && result.error).toContain('PDF ファイルが壊れている');
  });

  it('says a PDF cut off part way is broken, never that PDFs are unsupported', async () => {
    const result = await extractDocument(fixture('truncated.pdf'), 'truncated.pdf');
    expect(!result.success && result.error).toContain('壊れている');
    expect(!result.success && result.error).not.toContain('対応していません');
  });

  it('says a .pdf or .docx whose bytes are not that format is broken, never that the format is unsupported', async () => {
    for (const name of ['report.pdf', 'report.docx']) {
      const result = await extractDocument(new TextEncoder().encode('<html>404 Not Found</html>'), name);
      expect(!result.success && result.error, name).toContain('壊れてい');
      expect(!result.success && result.error, name).not.toContain('対応していません');
    }
  });

  it('refuses a zip that is not a Word document', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
    const result = await extractDocument(zip, 'table.xlsx');
    expect(!result.success && result.error).toContain('この形式には対応していません');
  });
});

describe('decodeText', () => {
  const sample = '釧路市役所　代表 0154-23-5151（平日8時50分～17時20分）①㎡';

  it('reads Shift_JIS (CP932)', () => {
    const bytes = new Uint8Array(Encoding.convert(Encoding.stringToCode(sample), 'SJIS', 'UNICODE'));
    expect(decodeText(bytes)).toEqual({ success: true, text: sample, encoding: 'shift_jis' });
  });

  it('reads EUC-JP', () => {
    const plain = '釜石市の総合計画は令和12年度までです。';
    const bytes = new Uint8Array(Encoding.convert(Encoding.stringToCode(plain), 'EUCJP', 'UNICODE'));
    expect(decodeText(bytes)).toEqual({ success: true, text: plain, encoding: 'euc-jp' });
  });

  it('reads UTF-8 with a BOM and CRLF line ends', () => {
    const bytes = new TextEncoder().encode('\uFEFF一行目\r\n二行目\r\n');
    expect(decodeText(bytes)).toEqual({ success: true, text: '一行目\n二行目\n', encoding: 'utf-8' });
  });

  it('follows a declared charset first', () => {
    const bytes = new Uint8Array(Encoding.convert(Encoding.stringToCode('市政情報'), 'SJIS', 'UNICODE'));
    expect(decodeText(bytes, 'Shift_JIS')).toMatchObject({ success: true, text: '市政情報' });
  });
});

describe('htmlToText', () => {
  it('falls back to the body without its chrome when the page has no main element', () => {
    const html = `<html><body><div id="header">サイト名</div><ul class="gnav"><li>メニュー</li></ul>
      <div class="box"><h2>ごみの出し方</h2><p>燃やすごみは
      月曜日と木曜日です。</p></div><footer>著作権</footer></body></html>`;
    const result = htmlToText(html);
    expect(result.usedWholeBody).toBe(true);
    expect(result.text).toContain('## ごみの出し方\n\n燃やすごみは月曜日と木曜日です。');
    expect(result.text).not.toContain('メニュー');
    expect(result.text).not.toContain('著作権');
  });

  it('puts each row of a table on its own line with cells separated by tabs', () => {
    const html =
      '<main><table><caption>窓口</caption><tr><th>課</th><th>電話</th></tr><tr><td>市民課</td><td>0193-22-2111</td></tr></table></main>';
    expect(htmlToText(html).text).toBe('窓口\n課\t電話\n市民課\t0193-22-2111');
  });

  it('breaks lines at br and list items', () => {
    expect(htmlToText('<main><p>一<br>二</p><ul><li>三</li><li>四</li></ul></main>').text).toBe(
      '一\n二\n\n- 三\n- 四',
    );
  });
});

describe('htmlToText headings', () => {
  it('writes h2–h6 as Markdown headings of their level, so the cutter need not guess them from their length', () => {
    const html = `<main><h1>高齢者の予防接種</h1><p>費用の一部を市が負担します。</p><h2>■対象者</h2>
      <p>接種する日に市内に住民登録がある次の方</p><h3>自己負担額</h3><p>インフルエンザ：1,500円</p></main>`;
    expect(htmlToText(html).text).toBe(
      '高齢者の予防接種\n\n費用の一部を市が負担します。\n\n## ■対象者\n\n接種する日に市内に住民登録がある次の方\n\n### 自己負担額\n\nインフルエンザ：1,500円',
    );
  });

  it('keeps a heading tag around a whole paragraph, or a second h1, as the writer’s text', () => {
    const long = '市民の皆さまへ：令和7年4月1日から水道料金を平均で約10%改定しました。ご理解をお願いします。';
    const text = htmlToText(`<main><h1>お知らせ</h1><h1>水道</h1><h2>${long}</h2></main>`).text;
    expect(text).toBe(`# お知らせ\n\n# 水道\n\n${long}`);
  });
});

describe('markdownToText', () => {
  it('turns headings, tables, lists and links into plain lines', () => {
    const md =
      '# 窓口案内\n\n| 課 | 電話 |\n|---|---|\n| 市民課 | 22-2111 |\n\n* [申請書](a.pdf)は**窓口**で配布\n';
    expect(markdownToText(md)).toBe('窓口案内\n\n課\t電話\n市民課\t22-2111\n\n- 申請書は窓口で配布');
  });
});

describe('detectFormat', () => {
  it('reads the format from the bytes before the file name', () => {
    expect(detectFormat(fixture('kushiro-kokusai.pdf'), 'renamed.txt')).toBe('pdf');
    expect(detectFormat(fixture('kushiro-tokyo.docx'), 'renamed.bin')).toBe('docx');
    expect(detectFormat(new TextEncoder().encode('<!DOCTYPE html><p>x'), 'page')).toBe('html');
  });
});

describe('htmlToText title', () => {
  it('drops the site name after the separator of the page title', () => {
    expect(htmlToText('<title>ごみの出し方 | 釧路市</title><main>本文</main>').title).toBe('ごみの出し方');
    expect(htmlToText('<title>ごみの出し方｜釧路市</title><main>本文</main>').title).toBe('ごみの出し方');
    expect(htmlToText('<main><h1>窓口案内</h1></main>').title).toBe('窓口案内');
  });
});

describe('extractDocument on a PDF with a scanned page among text pages', () => {
  it('keeps the text pages and names the page that needs OCR', async () => {
    const result = await extractDocument(fixture('mixed-pages.pdf'), 'mixed-pages.pdf');
    if (!result.success) throw new Error(result.error);
    expect(result.warnings).toEqual([
      '文字のないページがあります（2 ページ）。画像のページは OCR が必要です。',
    ]);
    const text = squash(result.text);
    expect(text).toContain(squash('令和7年度来館者数実績 延べ1,816人'));
    expect(text).toContain(squash('長期滞在者1,525組2,364人、延べ滞在日数31,628日'));
  });
});

describe('htmlToText layout tables', () => {
  it('reads a table used for page layout as regions, and a data table inside it as rows', () => {
    const html = `<body><table><tr><td><div>メニュー</div></td><td><h2>休日当番医</h2>
      <p>日曜日の当番医です。</p><table><tr><th>日付</th><th>医院</th></tr><tr><td>5月3日</td><td>中央クリニック</td></tr></table>
      </td></tr></table></body>`;
    expect(htmlToText(html).text).toBe(
      'メニュー\n\n## 休日当番医\n\n日曜日の当番医です。\n\n日付\t医院\n5月3日\t中央クリニック',
    );
  });

  it('keeps a table whose cells hold paragraphs as data', () => {
    const html = '<main><table><tr><td><p>市民課</p></td><td><p>0154-23-5151</p></td></tr></table></main>';
    expect(htmlToText(html).text).toBe('市民課\t0154-23-5151');
  });
});

describe('extractDocument on a Shift_JIS page of an older municipal site', () => {
  it('decodes by the declared charset and finds the CMS content block', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
      <title>粗大ごみ｜釜石市</title></head><body><div id="tmp_header">釜石市</div>
      <div id="tmp_contents"><h1>粗大ごみの出し方</h1><p>申込みは前日の正午までです。</p></div>
      <div id="tmp_footer">お問い合わせ</div></body></html>`;
    const bytes = new Uint8Array(Encoding.convert(Encoding.stringToCode(html), 'SJIS', 'UNICODE'));
    const result = await extractDocument(bytes, 'sodai.html');
    expect(result).toEqual({
      success: true,
      text: '粗大ごみの出し方\n\n申込みは前日の正午までです。',
      warnings: [],
      titleHint: '粗大ごみ',
    });
  });
});
