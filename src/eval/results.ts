// Results in the public JSONL contract, for scoring answers produced elsewhere (HTTP, another build).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EngineResult } from './score.ts';
import { normalizeForMatch } from './score.ts';

const sourceSchema = z.object({
  docId: z.string().min(1),
  title: z.string(),
  municipality: z.string(),
  section: z.string(),
  excerpt: z.string(),
  score: z.number(),
});

export const resultSchema = z.object({
  question: z.string(),
  answered: z.boolean(),
  answer: z.string(),
  confidence: z.number().min(0).max(1),
  municipality: z.string().nullable(),
  sources: z.array(sourceSchema),
});

export class ResultFileError extends Error {
  override name = 'ResultFileError';
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.file = file;
    this.line = line;
  }
}

/** Parses result JSONL; blank lines are skipped. Throws ResultFileError naming file:line. */
export function parseResults(text: string, file: string): EngineResult[] {
  const results: EngineResult[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new ResultFileError(file, i + 1, `invalid JSON (${(error as Error).message})`);
    }
    const parsed = resultSchema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.')} ${issue.message}`)
        .join('; ');
      throw new ResultFileError(file, i + 1, detail);
    }
    results.push(parsed.data);
  });
  return results;
}

export async function loadResults(file: string): Promise<EngineResult[]> {
  return parseResults(await readFile(file, 'utf8'), file);
}

/** A question with no result is scored as a silent decline. */
export const MISSING_RESULT: Omit<EngineResult, 'question'> = {
  answered: false,
  answer: '',
  confidence: 0,
  municipality: null,
  sources: [],
};

/** Looks results up by question text, so their order and extra lines do not matter. */
export function resultLookup(
  results: readonly EngineResult[],
): (question: string) => EngineResult | undefined {
  const byQuestion = new Map(results.map((r) => [normalizeForMatch(r.question), r]));
  return (question) => byQuestion.get(normalizeForMatch(question));
}
