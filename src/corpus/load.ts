// Reads every corpus/*.txt file; a bad file becomes an error string, the others still load.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorpusDocument, Passage } from '../qa/types.ts';
import { parseCorpusFile } from './document.ts';
import { toPassages } from './passages.ts';

/** One file's document and passages, keyed by a hash of its text: what a start-up cache keeps. */
export interface ParsedFile {
  name: string;
  sha256: string;
  document: CorpusDocument;
  passages: Passage[];
}

export interface LoadedCorpus {
  documents: CorpusDocument[];
  passages: Passage[];
  errors: string[];
  /** The files that loaded, in order. */
  files: ParsedFile[];
  /** How many of them came from `cached` rather than being parsed. */
  reused: number;
}

export interface CorpusLoadOptions {
  /** Files parsed by this same code before; one whose text hash still matches is not parsed again. */
  cached?: ReadonlyMap<string, ParsedFile>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function loadCorpusDir(dir: string, options: CorpusLoadOptions = {}): Promise<LoadedCorpus> {
  const documents: CorpusDocument[] = [];
  const passages: Passage[] = [];
  const errors: string[] = [];
  const files: ParsedFile[] = [];
  let reused = 0;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  } catch (err) {
    return {
      documents,
      passages,
      files,
      reused,
      errors: [`${dir}: cannot read the corpus directory: ${(err as Error).message}`],
    };
  }
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (err) {
      errors.push(`${name}: cannot read the file: ${(err as Error).message}`);
      continue;
    }
    const hash = sha256(text);
    const known = options.cached?.get(name);
    if (known && known.sha256 === hash) {
      passages.push(...known.passages);
      documents.push(known.document);
      files.push(known);
      reused += 1;
      continue;
    }
    // A Shift_JIS or binary file read as UTF-8 turns into replacement characters.
    if (text.includes('\uFFFD')) {
      errors.push(`${name}: the file is not UTF-8 text (add it with npm run corpus -- add to convert it)`);
      continue;
    }
    const parsed = parseCorpusFile(text, name);
    if (!parsed.success) {
      errors.push(parsed.error);
      continue;
    }
    // Ids are unique because each must equal its file name (parseCorpusFile checks it).
    const doc = parsed.data;
    try {
      const own = toPassages(doc);
      if (own.length === 0) {
        errors.push(`${name}: the document has no text after its header`);
        continue;
      }
      passages.push(...own);
      documents.push(doc);
      files.push({ name, sha256: hash, document: doc, passages: own });
    } catch (err) {
      errors.push(`${name}: cannot cut the document into passages: ${(err as Error).message}`);
    }
  }
  return { documents, passages, errors, files, reused };
}
