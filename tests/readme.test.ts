import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README', () => {
  it('documents every configuration variable in its table', () => {
    const missing = CONFIG_VARIABLES.filter((v) => !readme.includes(`| \`${v.name}\` |`)).map((v) => v.name);
    expect(missing).toEqual([]);
  });

  it('documents no variable the service does not read', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1] ?? '');
    const known = new Set(CONFIG_VARIABLES.map((v) => v.name));
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
  });

  it('names only npm scripts that exist', () => {
    const used = [...readme.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1] ?? '');
    expect(used.filter((name) => !(name in pkg.scripts))).toEqual([]);
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
