// Evaluation questions: one JSON object per line, validated so a bad line names its file and line.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const CATEGORIES = [
  'plan',
  'program',
  'longstay',
  'schedule',
  'figure',
  'contact',
  'date',
  'list',
  'people',
  'out_of_scope',
] as const;

export const VARIANTS = [
  'plain',
  'colloquial',
  'hiragana',
  'typo',
  'fullwidth',
  'paraphrase',
  'era',
] as const;

export type Category = (typeof CATEGORIES)[number];
export type Variant = (typeof VARIANTS)[number];

/** Facts are kept to a few so a right but terse answer still passes. */
export const MAX_FACTS = 3;

const oneOrMany = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]);

const expectAnsweredSchema = z.strictObject({
  answered: z.literal(true),
  facts: z.array(z.string().trim().min(1)).min(1).max(MAX_FACTS),
  /** Corpus id(s) of the document(s) that answer it; any one of them counts. */
  docId: oneOrMany.optional(),
  /** Seed file name(s), for documents not yet in corpus/; mapped through each corpus header's `source:`. */
  source: oneOrMany.optional(),
});

const expectDeclinedSchema = z.strictObject({ answered: z.literal(false) });

export const questionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z]+\d{3,}$/, 'must look like q001'),
    question: z.string().trim().min(1),
    category: z.enum(CATEGORIES),
    variant: z.enum(VARIANTS),
    municipality: z.string().regex(/^\S+[市町村区]$/, 'must be a municipality name such as 釧路市'),
    expect: z.discriminatedUnion('answered', [expectAnsweredSchema, expectDeclinedSchema]),
  })
  .superRefine((q, ctx) => {
    const outOfScope = q.category === 'out_of_scope';
    if (outOfScope === q.expect.answered) {
      ctx.addIssue({
        code: 'custom',
        path: ['expect', 'answered'],
        message: 'must be false exactly when category is out_of_scope',
      });
    }
    if (q.expect.answered && q.expect.docId === undefined && q.expect.source === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'needs docId or source' });
    }
  });

export type Question = z.infer<typeof questionSchema>;

export class QuestionFileError extends Error {
  override name = 'QuestionFileError';
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.file = file;
    this.line = line;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(line)'} ${i.message}`).join('; ');
}

/** Parses JSONL text; blank lines are skipped, ids must be unique. Throws QuestionFileError naming file:line. */
export function parseQuestions(text: string, file: string): Question[] {
  const questions: Question[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new QuestionFileError(file, lineNo, `invalid JSON (${(error as Error).message})`);
    }
    const parsed = questionSchema.safeParse(json);
    if (!parsed.success) throw new QuestionFileError(file, lineNo, describeIssues(parsed.error));
    const firstLine = seen.get(parsed.data.id);
    if (firstLine !== undefined) {
      throw new QuestionFileError(
        file,
        lineNo,
        `duplicate id ${parsed.data.id} (first on line ${firstLine})`,
      );
    }
    seen.set(parsed.data.id, lineNo);
    questions.push(parsed.data);
  });
  if (questions.length === 0) throw new QuestionFileError(file, 1, 'no questions');
  return questions;
}

export async function loadQuestions(file: string): Promise<Question[]> {
  return parseQuestions(await readFile(file, 'utf8'), file);
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

/**
 * Corpus ids that count as the right document. `sourceToDocId` maps seed file names (a corpus header's
 * `source:`) to corpus ids; a source with no corpus document yet is kept under its file name and never matches.
 */
export function expectedDocIds(question: Question, sourceToDocId: ReadonlyMap<string, string>): string[] {
  if (!question.expect.answered) return [];
  const fromSources = asList(question.expect.source).map((s) => sourceToDocId.get(s) ?? s);
  return [...new Set([...asList(question.expect.docId), ...fromSources])];
}
