// `npm run ask -- "質問"`: one answer for a person; `--jsonl`: one JSON answer per stdin line (a stable contract).

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createClock } from '../dates/clock.ts';
import { type LoadedEngine, loadEngine } from '../engine/load-engine.ts';
import type { Explanation } from '../qa/engine.ts';
import { type Answer, answerText } from '../qa/types.ts';

const USAGE = `使い方:
  npm run ask -- "無料の法律相談はいつ？"          答えと出典を表示
  npm run ask -- --explain "質問"                  解析結果と上位の候補も表示
  npm run --silent ask -- --jsonl < questions.txt  1行1問、1行1 JSON で出力
オプション: --corpus-dir DIR, --dictionaries-dir DIR, --municipality 釧路市`;

const argsSchema = z
  .object({
    jsonl: z.boolean().default(false),
    explain: z.boolean().default(false),
    help: z.boolean().default(false),
    'corpus-dir': z
      .string()
      .min(1)
      .default(process.env.KOTAE_CORPUS_DIR ?? 'corpus'),
    'dictionaries-dir': z
      .string()
      .min(1)
      .default(process.env.KOTAE_DICTIONARIES_DIR ?? 'dictionaries'),
    municipality: z.string().min(1).optional(),
    questions: z.array(z.string()),
  })
  .refine((a) => a.help || a.jsonl || a.questions.length > 0, {
    message: 'a question is required (or --jsonl to read questions from stdin)',
  });

/** The JSON line contract used by outside evaluation: keep these fields and their meaning stable. */
export function toJsonLine(answer: Answer): string {
  return JSON.stringify({
    question: answer.question,
    answered: answer.answered,
    answer: answerText(answer),
    confidence: answer.confidence,
    municipality: answer.municipality,
    sources: answer.sources.map(({ docId, title, municipality, section, excerpt, score }) => ({
      docId,
      title,
      municipality,
      section,
      excerpt,
      score,
    })),
  });
}

function printForPerson(answer: Answer): void {
  console.log(answerText(answer));
  if (answer.answered) {
    console.log(`\n確信度: ${answer.confidence}`);
    for (const s of answer.sources)
      console.log(`  - ${s.title}｜${s.section}｜${s.municipality}（${s.score}）`);
  }
}

function printExplanation(x: Explanation): void {
  console.log('\n--- 解析 ---');
  console.log(`正規化・かな変換後: ${x.query.rewritten}`);
  console.log(
    `語: ${x.tokens.map((t) => `${t.surface}[${t.base}/${t.reading}/${t.pos}${t.userTerm ? '/辞書' : ''}${t.content ? '' : '/除外'}]`).join(' ')}`,
  );
  console.log(`検索語: ${x.query.terms.map((t) => `${t.term}(${t.origin},${t.weight})`).join(' ')}`);
  if (x.query.synonymsApplied.length > 0)
    console.log(`同義語: ${x.query.synonymsApplied.map((s) => `${s.from}→${s.to.join('/')}`).join(' ')}`);
  if (x.query.unknown.length > 0) console.log(`未知語: ${x.query.unknown.join(' ')}`);
  console.log(`自治体: ${x.municipality ?? '（指定なし）'}`);
  console.log('--- 候補 ---');
  for (const c of x.candidates.slice(0, 5)) {
    console.log(
      `#${c.rank} ${c.score.toFixed(2)} cov=${c.coverage.score.toFixed(2)} ${c.passage.id} ${c.passage.headingPath.join(' > ')}`,
    );
    console.log(`   一致: ${c.coverage.matched.join(' ')}  不足: ${c.coverage.missing.join(' ')}`);
    console.log(`   ${c.passage.text.slice(0, 100).replace(/\n/g, ' ')}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      jsonl: { type: 'boolean' },
      explain: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'corpus-dir': { type: 'string' },
      'dictionaries-dir': { type: 'string' },
      municipality: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse({ ...values, questions: positionals });
  if (!parsed.success) {
    console.error(`ask: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.data;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const clock = createClock(process.env.KOTAE_NOW);
  const loaded: LoadedEngine = await loadEngine({
    corpusDir: args['corpus-dir'],
    dictionariesDir: args['dictionaries-dir'],
    now: () => clock.now(),
  });
  for (const error of loaded.corpusErrors) console.error(`ask: ${error}`);
  const options = { now: clock.now(), ...(args.municipality ? { municipality: args.municipality } : {}) };

  if (args.jsonl) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) process.stdout.write(`${toJsonLine(loaded.engine.ask(line, options))}\n`);
    return 0;
  }
  const question = args.questions.join(' ');
  const x = loaded.engine.explain(question, options);
  printForPerson(x.answer);
  if (args.explain) printExplanation(x);
  return 0;
}

// A reader that stops early (| head) closes the pipe: that ends the output, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ask: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
