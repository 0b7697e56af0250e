// npm run eval [-- --set tests/eval/holdout.jsonl] [--json] [--verbose] [--scoped]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadQuestions, QuestionFileError } from '../eval/questions.ts';
import { formatFailures, formatSummary } from '../eval/report.ts';
import { runQuestions, sourceMap } from '../eval/run.ts';
import { summarize } from '../eval/score.ts';
import { loadEngine } from '../load-engine.ts';

const DEFAULT_SET = 'tests/eval/questions.jsonl';

const argsSchema = z.strictObject({
  set: z.string().trim().min(1, '--set needs a path').default(DEFAULT_SET),
  json: z.boolean().default(false),
  verbose: z.boolean().default(false),
  scoped: z.boolean().default(false),
});

function parseCliArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      set: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      scoped: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  return argsSchema.parse(values);
}

async function main(): Promise<void> {
  let args: z.infer<typeof argsSchema>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    const detail =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : String(error);
    console.error(
      `eval: ${detail}\nusage: npm run eval -- [--set <file.jsonl>] [--json] [--verbose] [--scoped]`,
    );
    process.exitCode = 2;
    return;
  }
  const questions = await loadQuestions(args.set);
  const { engine, documents, corpusErrors } = await loadEngine({
    corpusDir: 'corpus',
    dictionariesDir: 'dictionaries',
  });
  for (const e of corpusErrors) console.error(`eval: corpus error: ${e}`);
  const scores = runQuestions(engine, questions, {
    scoped: args.scoped,
    sourceToDocId: sourceMap(documents),
  });
  const summary = summarize(scores);
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

main().catch((error: unknown) => {
  console.error(error instanceof QuestionFileError ? `eval: ${error.message}` : error);
  process.exitCode = 1;
});
