import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine/load-engine.ts';
import { engineAnswerer, runQuestions, sourceMap } from '../../src/eval/run.ts';
import { type Summary, summarize } from '../../src/eval/score.ts';
import { buildSuiteCorpus, loadSuite, type SuiteCorpus } from '../../src/eval/suite.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

/** Raised by the lead as the engine improves; never lowered to make a change pass. The held-out part has no floor: it is read once, at the end of a change. */
const DEV_ACCURACY_FLOOR = 0.85;
const FACT_FIRST_FLOOR = 0.8;

let summary: Summary;
let corpus: SuiteCorpus;
const shipped = copyShippedCorpus();
afterAll(async () => {
  await corpus?.remove();
  shipped.remove();
});

beforeAll(async () => {
  const suite = await loadSuite('tests/generalization/dev');
  corpus = await buildSuiteCorpus(shipped.corpusDir, [suite]);
  const loaded = await loadEngine({
    corpusDir: corpus.dir,
    dictionariesDir: shipped.dictionariesDir,
    snapshotFile: null,
  });
  summary = summarize(
    runQuestions(engineAnswerer(loaded.engine), suite.questions, sourceMap(loaded.documents)),
  );
});

describe('the engine on documents it was not written for (generalization suite, dev part)', () => {
  it(`answers at least ${DEV_ACCURACY_FLOOR * 100}% of the questions correctly`, () => {
    expect(summary.overall.accuracy).toBeGreaterThanOrEqual(DEV_ACCURACY_FLOOR);
  });

  it(`states the fact in the first sentence of at least ${FACT_FIRST_FLOOR * 100}% of its right answers`, () => {
    expect(summary.factFirst.share).toBeGreaterThanOrEqual(FACT_FIRST_FLOOR);
  });
});
