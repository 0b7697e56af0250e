// A generalization suite: documents we wrote in the shapes municipal pages take, added to a copy of the
// corpus through the same pipeline as `npm run corpus -- add`, with questions about them.
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { addFile, corpusFiles, type MetaInput, readExisting } from '../corpus/add.ts';
import { documentMetaSchema } from '../corpus/document.ts';
import { toPassages } from '../corpus/passages.ts';
import { loadQuestions, type Question } from './questions.ts';

const fields = documentMetaSchema.shape;

const suiteDocSchema = z.strictObject({
  file: z.string().regex(/^[\w.-]+$/, 'must be a file name in docs/'),
  id: fields.id,
  title: fields.title,
  municipality: fields.municipality,
  department: fields.department,
  date: fields.date,
  sourceUrl: fields.sourceUrl,
});
export type SuiteDoc = z.infer<typeof suiteDocSchema>;

export interface Suite {
  dir: string;
  docs: SuiteDoc[];
  questions: Question[];
}

export class SuiteError extends Error {
  override name = 'SuiteError';
}

/** Reads `<dir>/docs.jsonl` (one document per line) and `<dir>/questions.jsonl`. */
export async function loadSuite(dir: string): Promise<Suite> {
  const manifest = path.join(dir, 'docs.jsonl');
  const docs = (await readFile(manifest, 'utf8'))
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, no }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new SuiteError(`${manifest}:${no}: invalid JSON (${(error as Error).message})`);
      }
      const parsed = suiteDocSchema.safeParse(json);
      if (!parsed.success)
        throw new SuiteError(
          `${manifest}:${no}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        );
      return parsed.data;
    });
  return { dir, docs, questions: await loadQuestions(path.join(dir, 'questions.jsonl')) };
}

/** A temporary corpus: the given corpus files, plus the suites' documents added as staff would add them. */
export interface SuiteCorpus {
  dir: string;
  remove(): Promise<void>;
}

export async function buildSuiteCorpus(
  baseCorpusDir: string,
  suites: readonly Suite[],
): Promise<SuiteCorpus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kotae-suite-'));
  try {
    for (const file of await corpusFiles(baseCorpusDir))
      await copyFile(path.join(baseCorpusDir, file), path.join(dir, file));
    const existing = await readExisting(dir);
    for (const suite of suites) {
      for (const doc of suite.docs) {
        const bytes = await readFile(path.join(suite.dir, 'docs', doc.file));
        const { file, department, date, sourceUrl, ...required } = doc;
        const meta: MetaInput = {
          ...required,
          ...(department === undefined ? {} : { department }),
          ...(date === undefined ? {} : { date }),
          ...(sourceUrl === undefined ? {} : { sourceUrl }),
        };
        const outcome = await addFile(
          dir,
          { fileName: file, bytes, meta: async () => meta },
          existing,
          toPassages,
        );
        if (!outcome.success) throw new SuiteError(`${suite.dir}: ${outcome.error}`);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
