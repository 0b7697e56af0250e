import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LoadedEngine, loadEngine } from '../../src/engine/load-engine.ts';
import { loadQuestions } from '../../src/eval/questions.ts';
import type { Answer } from '../../src/qa/types.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

let loaded: LoadedEngine;
let questions: string[];

const shipped = copyShippedCorpus();
afterAll(() => shipped.remove());

beforeAll(async () => {
  loaded = await loadEngine(shipped);
  questions = (await loadQuestions('tests/eval/questions.jsonl')).map((q) => q.question);
});

const sourceSchema = z.strictObject({
  docId: z.string().min(1),
  title: z.string(),
  municipality: z.string().min(1),
  section: z.string(),
  excerpt: z.string(),
  score: z.number().refine(Number.isFinite, 'finite'),
  passageId: z.string().min(1),
});
const common = {
  /** The engine's cleaned copy of the input (controls stripped, lone surrogates replaced). */
  question: z.string().refine((s) => s.isWellFormed(), 'well-formed UTF-16'),
  answer: z
    .string()
    .min(1)
    .refine((s) => s.isWellFormed(), 'well-formed UTF-16'),
  confidence: z.number().min(0).max(1),
  municipality: z.string().min(1).nullable(),
  sources: z.array(sourceSchema),
};
/** The Answer contract of src/qa/types.ts, as a resident's reply needs it. */
const answerSchema = z.discriminatedUnion('answered', [
  z.object({
    answered: z.literal(true),
    ...common,
    citation: z
      .string()
      .min(1)
      .refine((s) => s.isWellFormed(), 'well-formed UTF-16'),
    sources: z.array(sourceSchema).min(1),
  }),
  z.object({
    answered: z.literal(false),
    ...common,
    reason: z.enum(['empty', 'invalid', 'out_of_scope', 'low_confidence']),
  }),
]);

function expectValidAnswer(answer: Answer): void {
  const parsed = answerSchema.safeParse(answer);
  expect(parsed.success, parsed.error?.message).toBe(true);
}

const char = (code: number) => String.fromCharCode(code);
/** One hostile unit: any code point, lone surrogates, combining marks, ZWJ emoji, RTL, controls, punctuation. */
const hostileUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map(char),
  fc.integer({ min: 0x0300, max: 0x036f }).map(char),
  fc.constantFrom('👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍💻', '🇯🇵', '\u200d', '\ufe0f'),
  fc.constantFrom('\u202e', '\u202d', '\u200f', 'مرحبا', 'שלום', '\u061c'),
  fc.integer({ min: 0, max: 0x1f }).map(char),
  fc.constantFrom('\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff'),
  fc.constantFrom('。', '、', '？', '！', '・', '…', '「', '」', '（', '）', '?', '!', '.', '-', '　'),
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 300 });
const punctuationOnly = fc.string({
  unit: fc.constantFrom(
    '。',
    '、',
    '？',
    '！',
    '・',
    '…',
    '?',
    '!',
    '.',
    ',',
    '-',
    '〜',
    '（',
    '）',
    '　',
    ' ',
  ),
  minLength: 1,
  maxLength: 500,
});
const longText = fc.string({ unit: hostileUnit, minLength: 10_000, maxLength: 12_000 });

/** A real question with hostile text spliced in, so the property reaches past the first checks. */
const spliced = () =>
  fc
    .tuple(fc.constantFrom(...questions), hostileText, fc.nat())
    .map(([q, noise, at]) => q.slice(0, at % (q.length + 1)) + noise + q.slice(at % (q.length + 1)));

describe('engine.ask under hostile input', () => {
  it('returns a valid Answer for arbitrary Unicode', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expectValidAnswer(loaded.engine.ask(text));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a valid Answer for real questions with hostile text spliced in', () => {
    fc.assert(
      fc.property(spliced(), (text) => {
        expectValidAnswer(loaded.engine.ask(text));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a valid Answer for nothing but punctuation', () => {
    fc.assert(
      fc.property(punctuationOnly, (text) => {
        const answer = loaded.engine.ask(text);
        expectValidAnswer(answer);
        expect(answer.answered).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('declines 10,000+ characters quickly instead of working through them', () => {
    fc.assert(
      fc.property(longText, (text) => {
        const started = performance.now();
        const answer = loaded.engine.ask(text);
        expect(performance.now() - started).toBeLessThan(500);
        expectValidAnswer(answer);
        expect(answer.answered).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('answers the same question the same way twice', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, spliced()), (text) => {
        const now = new Date('2026-04-01T09:00:00+09:00');
        expect(loaded.engine.ask(text, { now })).toEqual(loaded.engine.ask(text, { now }));
      }),
      { numRuns: 50 },
    );
  });
});

describe('analyzer under hostile input', () => {
  const termsAreText = (terms: readonly string[]) => {
    for (const t of terms) {
      expect(typeof t).toBe('string');
      expect(t.length).toBeGreaterThan(0);
    }
  };

  it('tokenizes arbitrary Unicode into tokens whose surfaces come from the text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, spliced(), punctuationOnly), (text) => {
        const tokens = loaded.analyzer.tokens(text);
        for (const t of tokens) {
          expect(t.surface.length).toBeGreaterThan(0);
          expect(typeof t.base).toBe('string');
          expect(typeof t.reading).toBe('string');
        }
        termsAreText(loaded.analyzer.queryTerms(text).map((t) => t.term));
      }),
      { numRuns: 300 },
    );
  });

  it('gives passage terms for arbitrary Unicode without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, spliced()), (text) => {
        const terms = loaded.analyzer.documentTerms(text);
        termsAreText(terms.terms);
        termsAreText(terms.readings);
        termsAreText(terms.bigrams);
      }),
      { numRuns: 200 },
    );
  });

  it('handles 10,000+ characters of mixed text within a second', () => {
    fc.assert(
      fc.property(longText, (text) => {
        const started = performance.now();
        loaded.analyzer.documentTerms(text);
        loaded.analyzer.queryTerms(text);
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 5 },
    );
  });

  // Unknown-character runs are grouped once per run, not from every position (which was quadratic in time and
  // memory: 20,000 U+FFFD exhausted the heap). Counted in tokens, not timed: machines here are shared.
  it('tokenizes a 20,000-character run of one unknown character class into few tokens', () => {
    for (const ch of ['\ufffd', '\udc00', '\u0001']) {
      const tokens = loaded.analyzer.tokens(ch.repeat(20_000));
      expect(tokens.length).toBeLessThan(100);
    }
  });
});
