// Reads every corpus/*.txt file; a bad file becomes an error string, the others still load.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorpusDocument, Passage } from '../qa/types.ts';
import { parseCorpusFile } from './document.ts';
import { toPassages } from './passages.ts';

export interface LoadedCorpus {
  documents: CorpusDocument[];
  passages: Passage[];
  errors: string[];
}

export async function loadCorpusDir(dir: string): Promise<LoadedCorpus> {
  const documents: CorpusDocument[] = [];
  const passages: Passage[] = [];
  const errors: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  } catch (err) {
    return {
      documents,
      passages,
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
    } catch (err) {
      errors.push(`${name}: cannot cut the document into passages: ${(err as Error).message}`);
    }
  }
  return { documents, passages, errors };
}
