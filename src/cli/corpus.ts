// `npm run corpus -- add|list|remove|check`: staff add documents as they have them, without a developer.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  type AddOutcome,
  addFile,
  type DocumentReport,
  inspectCorpus,
  type MetaInput,
  readExisting,
  removeDocument,
} from '../corpus/add.ts';
import { documentMetaSchema } from '../corpus/document.ts';
import { META_LABELS, cliMessages as m } from '../corpus/extract/messages.ts';
import { toPassages } from '../corpus/passages.ts';

const USAGE = `使い方:
  npm run corpus -- add <ファイル...> --title タイトル --municipality 釧路市 [--department 部署]
                    [--period 期間] [--date YYYY-MM-DD] [--source-url URL] [--id ID]
      PDF・HTML・DOCX・Markdown・テキスト（UTF-8 / Shift_JIS / EUC-JP）を corpus に追加します。
      ファイルが複数のときは --title（と --source-url・--id）をファイルの数だけ、順に指定します。
      端末から実行して項目が足りないときは、その場で尋ねます。
  npm run corpus -- list            文書の一覧
  npm run corpus -- remove <ID>     文書を削除
  npm run corpus -- check           全文書を検査（問題があれば終了コード 1）
共通オプション: --corpus-dir DIR（既定: 環境変数 KOTAE_CORPUS_DIR、なければ corpus）`;

const fields = documentMetaSchema.shape;

const argsSchema = z.object({
  command: z.enum(['add', 'list', 'remove', 'check', 'help'], { error: () => m.unknownCommand }),
  operands: z.array(z.string()),
  corpusDir: z.string().trim().min(1),
  title: z.array(fields.title),
  municipality: fields.municipality.optional(),
  department: fields.department,
  period: fields.period,
  date: fields.date,
  sourceUrl: z.array(fields.sourceUrl.unwrap()),
  id: z.array(fields.id),
});
type Args = z.infer<typeof argsSchema>;

const FLAG_NAMES: Record<string, string> = { sourceUrl: '--source-url', corpusDir: '--corpus-dir' };

function parseCommandLine(argv: string[]): { success: true; args: Args } | { success: false; error: string } {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    return { success: false, error: `${(error as Error).message}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  const result = argsSchema.safeParse({
    command: values.help ? 'help' : (positionals[0] ?? 'help'),
    operands: positionals.slice(1),
    corpusDir: values['corpus-dir'] ?? process.env.KOTAE_CORPUS_DIR ?? 'corpus',
    title: values.title ?? [],
    municipality: values.municipality,
    department: values.department,
    period: values.period,
    date: values.date,
    sourceUrl: values['source-url'] ?? [],
    id: values.id ?? [],
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flag = FLAG_NAMES[key] ?? `--${key}`;
    return {
      success: false,
      error: key === 'command' ? `${issue?.message}\n\n${USAGE}` : m.badFlag(flag, key, issue?.message ?? ''),
    };
  }
  return { success: true, args: result.data };
}

function parseRaw(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'corpus-dir': { type: 'string' },
      title: { type: 'string', multiple: true },
      municipality: { type: 'string' },
      department: { type: 'string' },
      period: { type: 'string' },
      date: { type: 'string' },
      'source-url': { type: 'string', multiple: true },
      id: { type: 'string', multiple: true },
    },
  });
}

/** Per-file flags come once per file, in order; a mismatch is refused before anything is read. */
function perFileCountError(args: Args, files: number, interactive: boolean): string | undefined {
  const checks: [string, number][] = [
    ['--title', args.title.length],
    ['--source-url', args.sourceUrl.length],
    ['--id', args.id.length],
  ];
  for (const [flag, count] of checks) {
    if (count === 0 || count === files) continue;
    if (interactive && flag === '--title' && count < files) continue;
    return m.perFileCount(flag, files, count);
  }
  if (!interactive && args.title.length === 0) return m.missingFlag('--title');
  if (!interactive && args.municipality === undefined) return m.missingFlag('--municipality');
  return undefined;
}

export interface Prompter {
  ask(
    field: string,
    label: string,
    schema: z.ZodType<string | undefined>,
    suggestion?: string,
  ): Promise<string | undefined>;
  close(): void;
}

/** Staff pressed Ctrl+D or Ctrl+C at a prompt: stop, having written nothing for the current file. */
export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

// Lines are queued, not read per question, so answers typed or pasted ahead are not lost.
export function createPrompter(rl: Interface, output: NodeJS.WritableStream = process.stderr): Prompter {
  const queued: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  rl.on('SIGINT', () => rl.close());
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  const nextLine = (prompt: string): Promise<string | undefined> => {
    output.write(prompt);
    if (queued.length > 0) return Promise.resolve(queued.shift());
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    async ask(field, label, schema, suggestion) {
      for (;;) {
        const line = await nextLine(suggestion ? `${label} [${suggestion}]: ` : `${label}: `);
        if (line === undefined) throw new PromptCancelled();
        const value = line.trim() === '' ? suggestion : line.trim();
        const checked = schema.safeParse(value);
        if (checked.success) return checked.data;
        output.write(`${m.invalidAnswer(field, checked.error.issues[0]?.message ?? '')}\n`);
      }
    },
    close: () => rl.close(),
  };
}

async function runAdd(args: Args): Promise<number> {
  const files = args.operands;
  if (files.length === 0) return fail(m.noFiles);
  const interactive = process.stdin.isTTY === true;
  const countError = perFileCountError(args, files.length, interactive);
  if (countError) return fail(countError);
  const dirError = await corpusDirError(args.corpusDir);
  if (dirError) return fail(dirError);

  const outcomes: AddOutcome[] = [];
  const prompter = interactive
    ? createPrompter(createInterface({ input: process.stdin, output: process.stderr }))
    : undefined;
  try {
    let municipality = args.municipality;
    let department = args.department;
    let period = args.period;
    if (prompter) {
      municipality ??= await prompter.ask(
        'municipality',
        META_LABELS.municipality ?? '',
        fields.municipality,
      );
      department ??= await prompter.ask(
        'department',
        m.optional(META_LABELS.department ?? ''),
        optionalField(fields.department),
      );
      period ??= await prompter.ask(
        'period',
        m.optional(META_LABELS.period ?? ''),
        optionalField(fields.period),
      );
    }
    const existing = await readExisting(args.corpusDir);
    const progress = createProgress(files.length);
    for (const [i, file] of files.entries()) {
      progress.start(i, path.basename(file));
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        outcomes.push({ success: false, fileName: file, error: m.fileNotFound(file) });
        continue;
      }
      const outcome = await addFile(
        args.corpusDir,
        {
          fileName: file,
          bytes,
          meta: async ({ titleHint }) => {
            progress.pause();
            const title =
              args.title[i] ??
              (await prompter?.ask('title', m.titleFor(path.basename(file)), fields.title, titleHint));
            const sourceUrl =
              args.sourceUrl[i] ??
              (files.length === 1 || args.sourceUrl.length > 0
                ? await prompter?.ask(
                    'sourceUrl',
                    m.optional(META_LABELS.sourceUrl ?? ''),
                    optionalField(fields.sourceUrl.unwrap()),
                  )
                : undefined);
            if (title === undefined) return { missing: '--title' };
            if (municipality === undefined) return { missing: '--municipality' };
            const input: MetaInput = { title, municipality };
            if (department !== undefined) input.department = department;
            if (period !== undefined) input.period = period;
            if (args.date !== undefined) input.date = args.date;
            if (sourceUrl !== undefined) input.sourceUrl = sourceUrl;
            if (args.id[i] !== undefined) input.id = args.id[i];
            return input;
          },
        },
        existing,
        toPassages,
      );
      outcomes.push(outcome);
    }
    progress.done();
    printAddSummary(outcomes);
    return outcomes.every((o) => o.success) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    if (outcomes.length > 0) printAddSummary(outcomes);
    return fail(m.cancelled);
  } finally {
    prompter?.close();
  }
}

function optionalField(schema: z.ZodType<string | undefined>): z.ZodType<string | undefined> {
  return z.union([z.undefined(), schema]);
}

function printAddSummary(outcomes: AddOutcome[]): void {
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.success) {
      lines.push(m.added(o.fileName, o.id, o.title, o.summary, o.warnings.length));
      for (const w of o.warnings) lines.push(`    ${m.warning(w)}`);
    } else {
      lines.push(m.refused(o.error));
    }
  }
  const added = outcomes.filter((o) => o.success).length;
  lines.push(m.totals(added, outcomes.length - added));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A bar on stderr when it is a terminal; one line per file otherwise, so logs stay readable. */
function createProgress(total: number) {
  const tty = process.stderr.isTTY === true && total > 1;
  const width = 24;
  let drawn = false;
  const draw = (done: number, label: string): void => {
    if (total <= 1) return;
    if (!tty) {
      process.stderr.write(`[${done + 1}/${total}] ${label}\n`);
      return;
    }
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`,
    );
    drawn = true;
  };
  return {
    start: (index: number, label: string) => draw(index, label),
    pause: () => {
      if (drawn) process.stderr.write('\r\u001b[2K');
      drawn = false;
    },
    done: () => {
      if (tty) process.stderr.write(`\r\u001b[2K[${'#'.repeat(width)}] ${total}/${total}\n`);
    },
  };
}

async function corpusDirError(dir: string): Promise<string | undefined> {
  try {
    return (await stat(dir)).isDirectory() ? undefined : m.noCorpusDir(dir);
  } catch {
    return m.noCorpusDir(dir);
  }
}

async function runList(args: Args): Promise<number> {
  const dirError = await corpusDirError(args.corpusDir);
  if (dirError) return fail(dirError);
  const reports = await inspectCorpus(args.corpusDir, toPassages);
  const rows = reports.map((r) =>
    r.meta
      ? [
          r.meta.id,
          r.meta.municipality,
          r.meta.title,
          m.passageCount(r.summary?.passages ?? 0),
          r.meta.source,
        ].join('\t')
      : [r.file, m.unreadable].join('\t'),
  );
  process.stdout.write(`${[...rows, m.documentCount(reports.filter((r) => r.meta).length)].join('\n')}\n`);
  return 0;
}

async function runRemove(args: Args): Promise<number> {
  const [id, ...rest] = args.operands;
  if (id === undefined || rest.length > 0) return fail(m.removeNeedsOneId);
  const dirError = await corpusDirError(args.corpusDir);
  if (dirError) return fail(dirError);
  const outcome = await removeDocument(args.corpusDir, id);
  if (!outcome.success) return fail(outcome.error);
  process.stdout.write(`${m.removed(id, outcome.title)}\n`);
  return 0;
}

async function runCheck(args: Args): Promise<number> {
  const dirError = await corpusDirError(args.corpusDir);
  if (dirError) return fail(dirError);
  const reports = await inspectCorpus(args.corpusDir, toPassages);
  process.stdout.write(`${reports.map(formatReport).join('\n')}\n`);
  const problems = reports.reduce((n, r) => n + r.problems.length, 0);
  process.stdout.write(`${m.checkTotals(reports.length, problems)}\n`);
  return problems === 0 ? 0 : 1;
}

function formatReport(r: DocumentReport): string {
  const head = r.summary ? m.checkLine(r.file, r.summary) : r.file;
  return [head, ...r.problems.map((p) => `    ${m.problem(p)}`)].join('\n');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.success) return fail(parsed.error);
  const { args } = parsed;
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'add':
      return runAdd(args);
    case 'list':
      return runList(args);
    case 'remove':
      return runRemove(args);
    case 'check':
      return runCheck(args);
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
