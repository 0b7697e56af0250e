// Adding documents to corpus/: extract, attach metadata, refuse duplicates, write atomically; plus remove and check.
import { createHash, randomBytes } from 'node:crypto';
import { link, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { CorpusDocument, DocumentMeta, Passage } from '../qa/types.ts';
import { documentMetaSchema, parseCorpusFile, serializeCorpusFile } from './document.ts';
import { extractDocument } from './extract/index.ts';
import { addMessages } from './extract/messages.ts';

/** Turns a document into passages; the corpus cleanup, passed in so this module stays testable alone. */
export type ToPassages = (doc: CorpusDocument) => Passage[];

/** Metadata staff give for one file; `source` is always the file's own name. */
export interface MetaInput {
  title: string;
  municipality: string;
  department?: string;
  period?: string;
  date?: string;
  sourceUrl?: string;
  /** Chosen from the file name when absent. */
  id?: string;
}

export interface DocumentSummary {
  passages: number;
  headings: number;
  tables: number;
}

export type AddOutcome =
  | {
      success: true;
      fileName: string;
      id: string;
      title: string;
      summary: DocumentSummary;
      warnings: string[];
    }
  | { success: false; fileName: string; error: string };

/** A document already in the corpus, as far as adding needs to know. */
export interface ExistingDocument {
  id: string;
  hash: string;
}

/** Romanised prefixes so generated ids read like the existing ones (kushiro-..., kamaishi-...). */
const MUNICIPALITY_ID_PREFIX: Record<string, string> = { 釧路市: 'kushiro', 釜石市: 'kamaishi' };

/** The hash ignores spacing and width differences, so re-extracting the same document still matches. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFKC').replace(/\s+/g, '')).digest('hex');
}

export function summarize(passages: Passage[]): DocumentSummary {
  const headings = new Set(
    passages.flatMap((p) => p.headingPath.map((_, i) => p.headingPath.slice(0, i + 1).join('\u0000'))),
  );
  let tables = 0;
  let previous: Passage | undefined;
  for (const p of passages) {
    const continues =
      previous?.kind === 'table' && previous.headingPath.join('\u0000') === p.headingPath.join('\u0000');
    if (p.kind === 'table' && !continues) tables++;
    previous = p;
  }
  return { passages: passages.length, headings: headings.size, tables };
}

/** An id from the file name (ascii part) and municipality, unique among `taken`. */
export function suggestId(
  fileName: string,
  municipality: string,
  taken: ReadonlySet<string>,
  text: string,
): string {
  const prefix = MUNICIPALITY_ID_PREFIX[municipality] ?? 'doc';
  const stem = path
    .basename(fileName)
    .replace(/\.[^.]*$/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A stem of digits or one letter ("003", "a") says nothing; the content hash at least is stable.
  const meaningful = /[a-z]{2,}/.test(stem) ? stem : contentHash(text).slice(0, 8);
  const base = meaningful.startsWith(`${prefix}-`) ? meaningful : `${prefix}-${meaningful}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export type Prepared =
  | {
      success: true;
      id: string;
      fileText: string;
      hash: string;
      summary: DocumentSummary;
      meta: DocumentMeta;
    }
  | { success: false; error: string };

/** Pure: extracted text + metadata -> the corpus file to write, or why it must not be written. */
export function prepareDocument(
  text: string,
  fileName: string,
  input: MetaInput,
  existing: readonly ExistingDocument[],
  toPassages: ToPassages,
): Prepared {
  const hash = contentHash(text);
  const same = existing.find((d) => d.hash === hash);
  if (same) return { success: false, error: addMessages.duplicate(fileName, same.id) };
  const taken = new Set(existing.map((d) => d.id));
  if (input.id !== undefined && taken.has(input.id)) {
    return { success: false, error: addMessages.idTaken(fileName, input.id) };
  }
  const candidate = {
    id: input.id ?? suggestId(fileName, input.municipality, taken, text),
    title: input.title,
    municipality: input.municipality,
    department: input.department,
    period: input.period,
    date: input.date,
    source: path.basename(fileName),
    sourceUrl: input.sourceUrl,
  };
  const checked = documentMetaSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      success: false,
      error: addMessages.badMeta(fileName, issue?.path.join('.') ?? '', issue?.message ?? ''),
    };
  }
  const meta = withoutUndefined(checked.data);
  const body = `${text.trim()}\n`;
  const fileText = serializeCorpusFile(meta, body);
  // Read back what will be written: a file that would not load must never reach corpus/.
  const reread = parseCorpusFile(fileText, `${meta.id}.txt`);
  if (!reread.success) return { success: false, error: addMessages.badMeta(fileName, '', reread.error) };
  const summary = summarize(toPassages(reread.data));
  if (summary.passages === 0) return { success: false, error: addMessages.noPassages(fileName) };
  return { success: true, id: meta.id, fileText, hash, summary, meta };
}

/** Drops absent optional fields, as exactOptionalPropertyTypes requires. */
function withoutUndefined(data: z.infer<typeof documentMetaSchema>): DocumentMeta {
  const { department, period, date, sourceUrl, ...required } = data;
  return {
    ...required,
    ...(department === undefined ? {} : { department }),
    ...(period === undefined ? {} : { period }),
    ...(date === undefined ? {} : { date }),
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
  };
}

/** What is already in corpus/: ids and content hashes of every readable file. */
export async function readExisting(corpusDir: string): Promise<ExistingDocument[]> {
  const files = await corpusFiles(corpusDir);
  const docs: ExistingDocument[] = [];
  for (const file of files) {
    const parsed = parseCorpusFile(await readFile(path.join(corpusDir, file), 'utf8'), file);
    // A broken file still holds its id, so a new document must not take it.
    const id = parsed.success ? parsed.data.meta.id : file.replace(/\.txt$/, '');
    docs.push({ id, hash: parsed.success ? contentHash(parsed.data.body) : '' });
  }
  return docs;
}

export async function corpusFiles(corpusDir: string): Promise<string[]> {
  const names = await readdir(corpusDir);
  return names.filter((n) => n.endsWith('.txt') && !n.startsWith('.')).sort();
}

/**
 * Writes `<id>.txt` whole or not at all: a temporary file beside it, then a hard link, which fails
 * instead of replacing a file that appeared meanwhile.
 */
export async function writeNewFile(corpusDir: string, id: string, fileText: string): Promise<void> {
  const target = path.join(corpusDir, `${id}.txt`);
  const temp = path.join(corpusDir, `.${id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, fileText, { encoding: 'utf8', flag: 'wx' });
  try {
    await link(temp, target);
  } finally {
    await unlink(temp);
  }
}

export interface AddFileRequest {
  fileName: string;
  bytes: Uint8Array;
  /** Called once the text is known, so a prompt can offer the document's own title. */
  meta: (hint: { titleHint?: string }) => Promise<MetaInput | { missing: string }>;
}

/** Adds one file; every refusal leaves corpus/ as it was. */
export async function addFile(
  corpusDir: string,
  request: AddFileRequest,
  existing: ExistingDocument[],
  toPassages: ToPassages,
): Promise<AddOutcome> {
  const { fileName } = request;
  const extracted = await extractDocument(request.bytes, fileName);
  if (!extracted.success) return { success: false, fileName, error: extracted.error };
  const input = await request.meta(extracted.titleHint ? { titleHint: extracted.titleHint } : {});
  if ('missing' in input)
    return { success: false, fileName, error: addMessages.missingMeta(fileName, input.missing) };
  const prepared = prepareDocument(extracted.text, fileName, input, existing, toPassages);
  if (!prepared.success) return { success: false, fileName, error: prepared.error };
  try {
    await writeNewFile(corpusDir, prepared.id, prepared.fileText);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      return { success: false, fileName, error: addMessages.idTaken(fileName, prepared.id) };
    return { success: false, fileName, error: addMessages.writeFailed(fileName, (error as Error).message) };
  }
  existing.push({ id: prepared.id, hash: prepared.hash });
  return {
    success: true,
    fileName,
    id: prepared.id,
    title: prepared.meta.title,
    summary: prepared.summary,
    warnings: extracted.warnings,
  };
}

export type RemoveOutcome = { success: true; title: string } | { success: false; error: string };

export async function removeDocument(corpusDir: string, id: string): Promise<RemoveOutcome> {
  if (!documentMetaSchema.shape.id.safeParse(id).success)
    return { success: false, error: addMessages.badId(id) };
  const file = path.join(corpusDir, `${id}.txt`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { success: false, error: addMessages.unknownId(id) };
  }
  await unlink(file);
  const parsed = parseCorpusFile(text, `${id}.txt`);
  return { success: true, title: parsed.success ? parsed.data.meta.title : id };
}

export interface DocumentReport {
  file: string;
  meta?: DocumentMeta;
  summary?: DocumentSummary;
  problems: string[];
}

/** Validates every corpus file the way the server would load it, and what it would index. */
export async function inspectCorpus(corpusDir: string, toPassages: ToPassages): Promise<DocumentReport[]> {
  const reports: DocumentReport[] = [];
  const byHash = new Map<string, string>();
  for (const file of await corpusFiles(corpusDir)) {
    const parsed = parseCorpusFile(await readFile(path.join(corpusDir, file), 'utf8'), file);
    if (!parsed.success) {
      reports.push({ file, problems: [parsed.error] });
      continue;
    }
    const problems: string[] = [];
    let summary: DocumentSummary | undefined;
    try {
      summary = summarize(toPassages(parsed.data));
      if (summary.passages === 0) problems.push(addMessages.noPassages(file));
    } catch (error) {
      problems.push(addMessages.passagesFailed(file, (error as Error).message));
    }
    const hash = contentHash(parsed.data.body);
    const twin = byHash.get(hash);
    if (twin) problems.push(addMessages.duplicate(file, twin));
    else byHash.set(hash, parsed.data.meta.id);
    reports.push(
      summary
        ? { file, meta: parsed.data.meta, summary, problems }
        : { file, meta: parsed.data.meta, problems },
    );
  }
  const leftovers = (await readdir(corpusDir)).filter((n) => n.startsWith('.') && n.endsWith('.tmp'));
  for (const file of leftovers) reports.push({ file, problems: [addMessages.leftoverTemp(file)] });
  return reports;
}
