// Console wording lives in src/console/messages.ts so staff can review it in one place (issue 13, STYLE.md habit 8).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONSOLE = join(import.meta.dirname, '..', '..', 'src', 'console');
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
/**
 * Modules whose wording has not moved yet. Remove a module from this list when its text moves; the test
 * fails when a listed module no longer needs the exemption, so the list only shrinks.
 */
const NOT_YET_MOVED = ['layout.ts', 'line-preview.ts', 'pages/ask.ts', 'router.ts'];

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Code without comments (which may say why in Japanese terms) : block comments, then line comments not in a URL. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function japaneseLines(file: string): string[] {
  return code(readFileSync(file, 'utf8'))
    .split('\n')
    .filter((line) => JAPANESE.test(line))
    .map((line) => line.trim());
}

describe('Console wording', () => {
  const files = modules(CONSOLE)
    .map((f) => ({ file: f, name: relative(CONSOLE, f).split('\\').join('/') }))
    .filter((f) => f.name !== 'messages.ts');

  it('is written only in the messages module', () => {
    const offenders = files
      .filter((f) => !NOT_YET_MOVED.includes(f.name))
      .flatMap((f) => japaneseLines(f.file).map((line) => `${f.name}: ${line}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the list of modules not yet moved honest', () => {
    const clean = files.filter((f) => NOT_YET_MOVED.includes(f.name) && japaneseLines(f.file).length === 0);
    expect(clean.map((f) => f.name)).toEqual([]);
  });
});
