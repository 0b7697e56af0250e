// Console wording lives in src/console/messages.ts so staff can review it in one place (issue 13, STYLE.md habit 8).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONSOLE = join(import.meta.dirname, '..', '..', 'src', 'console');
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

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

  it('reads every console module, pages included', () => {
    const names = files.map((f) => f.name);
    expect(names).toContain('router.ts');
    expect(names).toContain('pages/ask.ts');
  });

  it('is written only in the messages module', () => {
    const offenders = files.flatMap((f) => japaneseLines(f.file).map((line) => `${f.name}: ${line}`));
    expect(offenders).toEqual([]);
  });
});
