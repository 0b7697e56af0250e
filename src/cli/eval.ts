// npm run eval [-- --set tests/eval/holdout.jsonl] [--json] [--verbose] [--scoped] [--results answers.jsonl]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadQuestions, QuestionFileError } from '../eval/questions.ts';
import { formatFailures, formatSummary } from '../eval/report.ts';
import { loadResults, MISSING_RESULT, ResultFileError, resultLookup } from '../eval/results.ts';
import { type Answerer, engineAnswerer, runQuestions, sourceMap } from '../eval/run.ts';
import { summarize } from '../eval/score.ts';
import { loadEngine } from '../load-engine.ts';

const DEFAULT_SET = 'tests/eval/questions.jsonl';
const USAGE =
  'usage: npm run eval -- [--set <questions.jsonl>] [--json] [--verbose] [--scoped] [--results <answers.jsonl>]';

const argsSchema = z.strictObject({
  set: z.string().trim().min(1, '--set needs a path').default(DEFAULT_SET),
  results: z.string().trim().min(1, '--results needs a path').optional(),
  json: z.boolean().default(false),
  verbose: z.boolean().default(false),
  scoped: z.boolean().default(false),
});
type Args = z.infer<typeof argsSchema>;

function parseCliArgs(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      set: { type: 'string' },
      results: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      scoped: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  return argsSchema.parse(values);
}

interface Setup {
  answer: Answerer;
  sourceToDocId: Map<string, string>;
  missing: () => number;
}

/** Scores results from a file (outside contract) or from the engine built from corpus/. */
async function setup(args: Args): Promise<Setup> {
  if (args.results !== undefined) {
    const find = resultLookup(await loadResults(args.results));
    let missing = 0;
    const answer: Answerer = (q) => {
      const found = find(q.question);
      if (!found) missing += 1;
      return found ?? { question: q.question, ...MISSING_RESULT };
    };
    return { answer, sourceToDocId: new Map(), missing: () => missing };
  }
  const { engine, documents, corpusErrors } = await loadEngine({
    corpusDir: 'corpus',
    dictionariesDir: 'dictionaries',
  });
  for (const e of corpusErrors) console.error(`eval: corpus error: ${e}`);
  return {
    answer: engineAnswerer(engine, args.scoped),
    sourceToDocId: sourceMap(documents),
    missing: () => 0,
  };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    const detail =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message;
    console.error(`eval: ${detail}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const questions = await loadQuestions(args.set);
  const { answer, sourceToDocId, missing } = await setup(args);
  const scores = runQuestions(answer, questions, sourceToDocId);
  const summary = summarize(scores);
  if (missing() > 0) console.error(`eval: ${missing()} questions have no result in ${args.results}`);
  if (args.json) {
    const failures = scores.filter((s) => !s.correct);
    console.log(
      JSON.stringify({ set: args.set, scoped: args.scoped, summary, ...(args.verbose ? { failures } : {}) }),
    );
    return;
  }
  console.log(formatSummary(args.set, summary));
  if (args.verbose) console.log(`\n${formatFailures(scores)}`);
}

function describeFailure(error: unknown): unknown {
  if (error instanceof QuestionFileError || error instanceof ResultFileError) return `eval: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `eval: no such file: ${(error as NodeJS.ErrnoException).path}`;
  return error;
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exitCode = 1;
});
