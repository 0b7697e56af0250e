// Replacing a document in two steps: the new file is extracted and staged beside the corpus, shown to
// staff, and only on confirmation moved over `<id>.txt` (one rename, so the file is old or new, never half).
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument, DocumentMeta } from '../qa/types.ts';
import {
  type DocumentSummary,
  type ExistingDocument,
  prepareDocument,
  readExisting,
  type ToPassages,
} from './add.ts';
import { parseCorpusFile } from './document.ts';
import { extractDocument } from './extract/index.ts';
import { addMessages } from './extract/messages.ts';

/** Not `.txt`, so neither the loader nor a reload ever reads a staged file. */
const STAGED_SUFFIX = '.staged';
/** A staged replacement nobody confirmed within this is discarded. */
export const STAGED_MAX_AGE_MS = 60 * 60 * 1000;
const STAGE_TOKEN = /^[a-f0-9]{32}$/;

export interface StagedReplacement {
  token: string;
  id: string;
  fileName: string;
  before: DocumentSummary | null;
  after: DocumentSummary;
  warnings: string[];
  /** The corpus file that confirming writes over `<id>.txt`, for a dry run on a copy of the corpus. */
  fileText: string;
}

export type StageOutcome = { success: true; staged: StagedReplacement } | { success: false; error: string };

const stagedPath = (corpusDir: string, id: string, token: string) =>
  path.join(corpusDir, `.replace-${id}-${token}${STAGED_SUFFIX}`);

/** Extracts the new file under the document's own id and metadata (source: the new file) and stages it. */
export async function stageReplacement(
  corpusDir: string,
  current: { meta: DocumentMeta; summary: DocumentSummary | null },
  file: { name: string; bytes: Uint8Array },
  toPassages: ToPassages,
): Promise<StageOutcome> {
  const extracted = await extractDocument(file.bytes, file.name);
  if (!extracted.success) return { success: false, error: extracted.error };
  const { meta } = current;
  const others: ExistingDocument[] = (await readExisting(corpusDir)).filter((d) => d.id !== meta.id);
  const prepared = prepareDocument(
    extracted.text,
    file.name,
    {
      id: meta.id,
      title: meta.title,
      municipality: meta.municipality,
      ...(meta.department ? { department: meta.department } : {}),
      ...(meta.period ? { period: meta.period } : {}),
      ...(meta.date ? { date: meta.date } : {}),
      ...(meta.sourceUrl ? { sourceUrl: meta.sourceUrl } : {}),
    },
    others,
    toPassages,
  );
  if (!prepared.success) return { success: false, error: prepared.error };
  await discardStale(corpusDir);
  const token = randomBytes(16).toString('hex');
  await writeFile(stagedPath(corpusDir, meta.id, token), prepared.fileText, { encoding: 'utf8', flag: 'wx' });
  return {
    success: true,
    staged: {
      token,
      id: meta.id,
      fileName: file.name,
      before: current.summary,
      after: prepared.summary,
      warnings: extracted.warnings,
      fileText: prepared.fileText,
    },
  };
}

export type CommitOutcome =
  | { success: true; title: string; document: CorpusDocument }
  | { success: false; error: string };

/** Moves a staged file over the document; an unknown, stale or malformed token changes nothing. */
export async function commitReplacement(
  corpusDir: string,
  id: string,
  token: string,
): Promise<CommitOutcome> {
  if (!STAGE_TOKEN.test(token)) return { success: false, error: addMessages.stagedGone };
  const staged = stagedPath(corpusDir, id, token);
  try {
    const info = await stat(staged);
    if (Date.now() - info.mtimeMs > STAGED_MAX_AGE_MS) {
      await unlink(staged);
      return { success: false, error: addMessages.stagedGone };
    }
  } catch {
    return { success: false, error: addMessages.stagedGone };
  }
  const parsed = parseCorpusFile(await readFile(staged, 'utf8'), `${id}.txt`);
  if (!parsed.success || parsed.data.meta.id !== id) {
    await unlink(staged);
    return { success: false, error: addMessages.stagedGone };
  }
  await rename(staged, path.join(corpusDir, `${id}.txt`));
  return { success: true, title: parsed.data.meta.title, document: parsed.data };
}

export async function cancelReplacement(corpusDir: string, id: string, token: string): Promise<void> {
  if (!STAGE_TOKEN.test(token)) return;
  await unlink(stagedPath(corpusDir, id, token)).catch(() => {});
}

async function discardStale(corpusDir: string): Promise<void> {
  const names = (await readdir(corpusDir)).filter(
    (n) => n.startsWith('.replace-') && n.endsWith(STAGED_SUFFIX),
  );
  for (const name of names) {
    const file = path.join(corpusDir, name);
    const info = await stat(file).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STAGED_MAX_AGE_MS) await unlink(file).catch(() => {});
  }
}
