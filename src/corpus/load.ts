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
  const seen = new Map<string, string>();
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (err) {
      errors.push(`${name}: cannot read the file: ${(err as Error).message}`);
      continue;
    }
    const parsed = parseCorpusFile(text, name);
    if (!parsed.success) {
      errors.push(parsed.error);
      continue;
    }
    const doc = parsed.data;
    const other = seen.get(doc.meta.id);
    if (other !== undefined) {
      errors.push(`${name}: document id "${doc.meta.id}" is already used by ${other}`);
      continue;
    }
    seen.set(doc.meta.id, name);
    try {
      passages.push(...toPassages(doc));
      documents.push(doc);
    } catch (err) {
      errors.push(`${name}: cannot cut the document into passages: ${(err as Error).message}`);
    }
  }
  return { documents, passages, errors };
}
