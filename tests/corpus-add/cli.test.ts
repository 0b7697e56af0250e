import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrompter, PromptCancelled } from '../../src/cli/corpus.ts';
import { documentMetaSchema } from '../../src/corpus/document.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const REPO = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
let corpusDir: string;

beforeEach(async () => {
  corpusDir = await mkdtemp(join(tmpdir(), 'kotae-corpus-cli-'));
});
afterEach(async () => {
  await rm(corpusDir, { recursive: true, force: true });
});

/** Runs the real command with a piped (non-terminal) stdin, as in CI or a script. */
function corpus(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/corpus.ts', ...args, '--corpus-dir', corpusDir],
    {
      cwd: REPO,
      input: '',
      encoding: 'utf8',
      env: { ...process.env, KOTAE_CORPUS_DIR: '' },
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const fixture = (name: string) => join(FIXTURES, name);

describe('npm run corpus', () => {
  it('adds several files and summarises each, refusing the scanned one', async () => {
    const run = corpus(
      'add',
      fixture('kushiro-kokusai.pdf'),
      fixture('scanned.pdf'),
      '--title',
      '釧路市の国際交流',
      '--title',
      'スキャン',
      '--municipality',
      '釧路市',
      '--department',
      '総合政策部',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /追加: .*kushiro-kokusai\.pdf → kushiro-kokusai（釧路市の国際交流） 文章 \d+・見出し \d+・表 \d+・注意 0/,
    );
    expect(run.stdout).toContain('追加できません: ');
    expect(run.stdout).toContain('OCR が必要です');
    expect(run.stdout).toContain('追加 1 件、追加できず 1 件');
    expect(run.stderr).toContain('[2/2] scanned.pdf');
    expect(await readdir(corpusDir)).toEqual(['kushiro-kokusai.txt']);
  });

  it('refuses without a title when it cannot ask, naming the flag and writing nothing', async () => {
    const run = corpus('add', fixture('kushiro-tokyo.docx'), '--municipality', '釧路市');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--title を指定してください');
    expect(await readdir(corpusDir)).toEqual([]);
  });

  it('refuses one --title for several files', async () => {
    const run = corpus(
      'add',
      fixture('kushiro-tokyo.docx'),
      fixture('kushiro-renkan.md'),
      '--title',
      'a',
      '--municipality',
      '釧路市',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ファイル 2 件に対して 1 件');
  });

  it('refuses a malformed flag value with the flag named', () => {
    const run = corpus(
      'add',
      fixture('kushiro-tokyo.docx'),
      '--title',
      't',
      '--municipality',
      '釧路市',
      '--date',
      '2026/04/01',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--date が正しくありません');
  });

  it('lists, checks and removes documents', async () => {
    expect(
      corpus('add', fixture('kushiro-renkan.md'), '--title', '域内連関', '--municipality', '釧路市').code,
    ).toBe(0);
    const list = corpus('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^kushiro-renkan\t釧路市\t域内連関\t文章 \d+\tkushiro-renkan\.md$/m);

    expect(corpus('check').code).toBe(0);
    await writeFile(join(corpusDir, 'broken.txt'), 'no header');
    const check = corpus('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^kushiro-renkan\.txt: 文章 \d+/m);
    expect(check.stdout).toContain('問題: broken.txt');

    const removed = corpus('remove', 'kushiro-renkan');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('削除しました: kushiro-renkan（域内連関）');
    expect(await readdir(corpusDir)).toEqual(['broken.txt']);
  });

  it('checks the real corpus without problems', async () => {
    const copy = join(corpusDir, 'real');
    const shipped = copyShippedCorpus();
    await cp(shipped.corpusDir, copy, { recursive: true }).finally(() => shipped.remove());
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/corpus.ts', 'check', '--corpus-dir', copy],
      {
        cwd: REPO,
        input: '',
        encoding: 'utf8',
      },
    );
    expect(run.stdout).toContain('問題なし');
    expect(run.status).toBe(0);
  });
});

describe('createPrompter', () => {
  const setup = () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk) => {
      shown += String(chunk);
    });
    const prompter = createPrompter(createInterface({ input, terminal: false }), output);
    return { input, prompter, shown: () => shown };
  };

  it('keeps answers typed ahead and asks again after an invalid one', async () => {
    const { input, prompter, shown } = setup();
    input.write('xx\n釜石市\n\n');
    expect(await prompter.ask('municipality', '自治体', documentMetaSchema.shape.municipality)).toBe(
      '釜石市',
    );
    expect(await prompter.ask('title', 'タイトル', documentMetaSchema.shape.title, '提案の題')).toBe(
      '提案の題',
    );
    expect(shown()).toContain('「釧路市」のように市町村名で入力してください');
    expect(shown()).toContain('タイトル [提案の題]: ');
    prompter.close();
  });

  it('cancels when the input ends', async () => {
    const { input, prompter } = setup();
    input.end();
    await expect(prompter.ask('title', 'タイトル', documentMetaSchema.shape.title)).rejects.toBeInstanceOf(
      PromptCancelled,
    );
  });
});
