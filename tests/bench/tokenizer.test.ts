import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus/load.ts';
import { prepareText, type Tokenizer } from '../../src/qa/analyzer.ts';
import {
  DictionaryFormatError,
  loadShippedTokenizer,
  loadTokenizer,
  packSections,
  readShippedSections,
  SECTIONS,
  shippedDictionaryDir,
  tokenizerFromSections,
  unpackSections,
} from '../../src/tokenizer.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const EDGE_CASES = [
  '',
  '😀絵文字と𠮷野家、ヽ(^o^)ノ',
  '𠮷𠮷𠮷abc𠮷',
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン',
  'ＡＢＣ１２３ 12345.67 abc-def_ghi 2025/10/01 10:00～12:00',
  '釧路市まちづくり基本構想の計画期間は平成30年度から令和9年度までの10年間です。',
  'ーーー・・・、、、。。。',
  '\ufffd'.repeat(300),
  `abc${'\u0001'.repeat(50)}ＡＢＣ１２３${'ア'.repeat(200)}漢字${'9'.repeat(120)}x`,
  '\udc00\udc00あ\udc00',
];

const shipped = copyShippedCorpus();
afterAll(() => shipped.remove());

async function corpusTexts(): Promise<string[]> {
  const corpus = await loadCorpusDir(shipped.corpusDir);
  const questions = readFileSync('tests/eval/questions.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);
  const files = readdirSync(shipped.corpusDir).map((f) =>
    readFileSync(path.join(shipped.corpusDir, f), 'utf8'),
  );
  const passages = corpus.passages.flatMap((p) => [p.text, p.title, p.headingPath.join(' ')]);
  return [...files, ...passages, ...passages.map(prepareText), ...questions, ...EDGE_CASES];
}

const tokensOf = (tokenizer: Tokenizer, texts: string[]) => texts.map((t) => tokenizer.tokenize(t));

describe('tokenizer', () => {
  it('gives the same tokens as kuromoji’s own loader over the corpus, the questions and edge cases', async () => {
    const texts = await corpusTexts();
    const [shipped, ours] = await Promise.all([loadShippedTokenizer(), loadTokenizer()]);
    const expected = tokensOf(shipped, texts);
    const actual = tokensOf(ours, texts);
    for (const [i, text] of texts.entries()) expect(actual[i], text.slice(0, 60)).toEqual(expected[i]);
  });

  it('gives the same tokens from the shipped files as from a packed file', async () => {
    const sections = await readShippedSections();
    const repacked = unpackSections(packSections(sections));
    for (const name of SECTIONS)
      expect(Buffer.compare(repacked.sections[name], sections.sections[name])).toBe(0);
    expect(repacked.maxWordLength).toBe(sections.maxWordLength);
    const text = EDGE_CASES.join('\n');
    expect(tokenizerFromSections(repacked).tokenize(text)).toEqual(
      tokenizerFromSections(sections).tokenize(text),
    );
  });

  it('gives every one of IPADIC’s entries the feature line kuromoji stores for it', async () => {
    const shipped = (name: string) =>
      gunzipSync(readFileSync(path.join(shippedDictionaryDir(), `${name}.dat.gz`)));
    const tid = shipped('tid');
    const tidPos = shipped('tid_pos');
    const ours = tokenizerFromSections(await readShippedSections()) as unknown as {
      token_info_dictionary: { getFeatures(id: number): string };
    };
    const records = (await readShippedSections()).sections.tid.length / 10;
    expect(records).toBeGreaterThan(390_000);
    let differing = 0;
    for (let id = 0; id < records * 10; id += 10) {
      const offset = tid.readInt32LE(id + 6);
      const expected = tidPos.toString('utf8', offset, tidPos.indexOf(0, offset));
      if (ours.token_info_dictionary.getFeatures(id) !== expected) differing += 1;
    }
    expect(differing).toBe(0);
  });

  it('tokenizes a 20,000-character run of one unknown character class in linear time and memory', async () => {
    const ours = await loadTokenizer();
    for (const ch of ['\ufffd', '\u0001', 'ア']) {
      const started = performance.now();
      const tokens = ours.tokenize(ch.repeat(20_000));
      expect(tokens.map((t) => t.surface_form).join('')).toBe(ch.repeat(20_000));
      // kuromoji's own builder runs out of heap here; a linear one takes milliseconds.
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });

  it('tokenizes a lone high surrogate, on which kuromoji’s own builder throws', async () => {
    const text = 'あ\ud800い';
    await expect(loadShippedTokenizer().then((t) => t.tokenize(text))).rejects.toThrow(TypeError);
    const tokens = (await loadTokenizer()).tokenize(text);
    expect(tokens.map((t) => t.surface_form).join('')).toBe(text);
  });

  it('rejects a file that is not a packed dictionary, naming the file and the fix', () => {
    expect(() => unpackSections(Buffer.from('not a dictionary at all'), 'x.bin')).toThrow(
      DictionaryFormatError,
    );
    expect(() => unpackSections(Buffer.from('not a dictionary at all'), 'x.bin')).toThrow(
      /x\.bin.*build:dictionary/,
    );
  });

  it('rejects a packed dictionary that was cut short', async () => {
    const packed = packSections(await readShippedSections());
    expect(() => unpackSections(packed.subarray(0, packed.length - 1000))).toThrow(
      /section unk_compat is cut|is cut/,
    );
  });
});
