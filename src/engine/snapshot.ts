// The engine snapshot on disk: the analyzer's terms, the parsed corpus and the MiniSearch index whole,
// so a start with nothing changed reads them back instead of parsing, analyzing and indexing again.
//
// The file is two lines: a header naming the build that wrote it and a digest of the body, then the body.
// The build key hashes the code (every module under src/, the lockfile, the packed dictionary's size and
// time). A body whose build key and digest match this process is what this same code wrote, byte for
// byte, and is used without re-validation. Any other body offers only its terms, which go through the
// schema and the analyzer checks of src/qa/snapshot.ts.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ParsedFile } from '../corpus/load.ts';
import type { IndexRestore } from '../qa/index.ts';
import { parseSnapshot, type TermSnapshot } from '../qa/snapshot.ts';
import { PACKED_DICTIONARY_FILE } from '../tokenizer.ts';

export const ENGINE_SNAPSHOT_FORMAT = 2;

const SOURCE_DIR = fileURLToPath(new URL('../', import.meta.url));
const LOCKFILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

export interface EngineSnapshot {
  /** The build key and the dictionaries' texts the terms were analyzed with. */
  termsKey: string;
  terms: TermSnapshot;
  corpus: ParsedFile[];
  /** MiniSearch and the vocabulary, and the key of what they were built from: the terms' key and the corpus files. */
  index: { key: string; restore: IndexRestore } | null;
}

export type SnapshotRead =
  | { kind: 'same-build'; snapshot: EngineSnapshot }
  | { kind: 'other-build'; terms: TermSnapshot }
  | { kind: 'none'; reason: string };

const headerSchema = z.object({
  format: z.literal(ENGINE_SNAPSHOT_FORMAT),
  build: z.string(),
  digest: z.string(),
});

const sha256 = (...parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part, 'utf8').update('\0');
  return hash.digest('hex');
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The code the snapshot depends on. Synchronous: about 3 ms for the 130 modules under src/, where 130
 * awaited reads took 15 times as long.
 */
export function computeBuildKey(sourceDir = SOURCE_DIR): string {
  const hash = createHash('sha256').update(`engine-snapshot ${ENGINE_SNAPSHOT_FORMAT}\0`);
  for (const file of sourceFiles(sourceDir)) {
    hash.update(path.relative(sourceDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const read = (file: string) => {
    try {
      return readFileSync(file);
    } catch {
      return Buffer.from('missing');
    }
  };
  hash.update(read(LOCKFILE));
  const packed = statSync(PACKED_DICTIONARY_FILE, { throwIfNoEntry: false });
  hash.update(packed ? `\0${packed.size} ${packed.mtimeMs}` : '\0no packed dictionary');
  return hash.digest('hex');
}

let buildKey: string | undefined;
/** Once per process: a source edited while the service runs is picked up by the next start. */
export function currentBuildKey(): string {
  buildKey ??= computeBuildKey();
  return buildKey;
}

export function termsKeyOf(build: string, dictionaryTexts: readonly string[]): string {
  return sha256(build, ...dictionaryTexts);
}

export function indexKeyOf(termsKey: string, files: readonly ParsedFile[]): string {
  return sha256(termsKey, ...files.flatMap((f) => [f.name, f.sha256]));
}

export async function readEngineSnapshot(file: string, build: string): Promise<SnapshotRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { kind: 'none', reason: 'no snapshot' };
  }
  const newline = text.indexOf('\n');
  const header = headerSchema.safeParse(safeJson(text.slice(0, newline)));
  if (newline < 0 || !header.success)
    return { kind: 'none', reason: 'not an engine snapshot of this format' };
  const body = text.slice(newline + 1);
  if (header.data.build === build && sha256(body) === header.data.digest) {
    return { kind: 'same-build', snapshot: JSON.parse(body) as EngineSnapshot };
  }
  const terms = parseSnapshot((safeJson(body) as { terms?: unknown } | undefined)?.terms);
  return terms.ok ? { kind: 'other-build', terms: terms.snapshot } : { kind: 'none', reason: terms.reason };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Synchronous, so no half-written file outlives a process that exits right after loading. */
export function writeEngineSnapshot(file: string, build: string, snapshot: EngineSnapshot): void {
  const body = JSON.stringify(snapshot);
  const header = JSON.stringify({ format: ENGINE_SNAPSHOT_FORMAT, build, digest: sha256(body) });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, `${header}\n${body}`);
    renameSync(temporary, file);
  } catch {
    // A snapshot that fails to save only costs the next start-up.
    rmSync(temporary, { force: true });
  }
}
