import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

/** The `ask --jsonl` line contract (src/cli/ask.ts toJsonLine). */
const jsonLine = z.strictObject({
  question: z.string(),
  answered: z.boolean(),
  answer: z.string().min(1),
  confidence: z.number().min(0).max(1),
  municipality: z.string().nullable(),
  sources: z.array(
    z.strictObject({
      docId: z.string(),
      title: z.string(),
      municipality: z.string(),
      section: z.string(),
      excerpt: z.string(),
      score: z.number(),
    }),
  ),
});

const shipped = copyShippedCorpus();
afterAll(() => shipped.remove());

function runAsk(stdin: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--jsonl'], {
      env: {
        ...process.env,
        KOTAE_CORPUS_DIR: shipped.corpusDir,
        KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** Binary junk without line breaks, so each generated line stays one input line. */
const junkLine = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .map((bytes) => Buffer.from(bytes.filter((b) => b !== NEWLINE && b !== CARRIAGE_RETURN)));
const textLine = fc
  .string({ unit: 'binary', maxLength: 100 })
  .map((s) => Buffer.from(s.replace(/[\r\n]/gu, ''), 'utf8'));

const QUESTION = '釧路市まちづくり基本構想の計画期間は？';

describe('ask --jsonl', () => {
  it('prints one valid JSON object per input line for junk, empty and 10,000-character lines', async () => {
    const lines: Buffer[] = [
      Buffer.from(QUESTION),
      Buffer.alloc(0),
      Buffer.from('あ'.repeat(10_000)),
      Buffer.from('x'.repeat(12_000)),
      Buffer.alloc(0),
      ...fc.sample(fc.oneof(junkLine, textLine), { numRuns: 80, seed: 7 }),
      Buffer.from([0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80]),
      Buffer.from(QUESTION),
    ];
    // Mixed line endings: CRLF counts as one break.
    const input = Buffer.concat(lines.flatMap((l, i) => [l, Buffer.from(i % 3 === 0 ? '\r\n' : '\n')]));
    const { code, stdout, stderr } = await runAsk(input);
    expect(code, stderr).toBe(0);
    const out = stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    for (const line of out) {
      const parsed = jsonLine.safeParse(JSON.parse(line));
      expect(parsed.success, `${parsed.error?.message} in ${line.slice(0, 200)}`).toBe(true);
    }
    // Order is kept: the first and last lines are the real question.
    expect(JSON.parse(out[0] ?? '').question).toBe(QUESTION);
    expect(JSON.parse(out.at(-1) ?? '').question).toBe(QUESTION);
    expect(JSON.parse(out[1] ?? '').answered).toBe(false);
  }, 60_000);

  it('prints nothing and exits 0 for empty input', async () => {
    const { code, stdout, stderr } = await runAsk(Buffer.alloc(0));
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('');
  }, 60_000);

  it('answers a last line that has no newline', async () => {
    const { code, stdout } = await runAsk(Buffer.from(`\n${QUESTION}`));
    expect(code).toBe(0);
    const out = stdout.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1] ?? '').question).toBe(QUESTION);
  }, 60_000);
});
