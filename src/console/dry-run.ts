// A dry run of a corpus change before it goes live: the test set and the generalization dev suites are
// scored on a temporary copy of the corpus with the change applied and on the corpus as it is, and the
// questions that turn right or wrong are listed. Runs off the request path, one at a time, with a deadline.
import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusFiles } from '../corpus/add.ts';
import { loadEngine } from '../engine/load-engine.ts';
import { loadQuestions, type Question } from '../eval/questions.ts';
import { engineAnswerer, runQuestions, sourceMap } from '../eval/run.ts';
import type { QuestionScore } from '../eval/score.ts';
import { buildSuiteCorpus, loadSuite, type Suite } from '../eval/suite.ts';

/** The dev suites: the hold-out suites are read once at the end of an engine change, never per edit. */
export const DRY_RUN_SUITES = ['tests/generalization/dev', 'tests/generalization/dev2'] as const;
/** Four engine builds take a few seconds; past this the run is stopped and the editor told so. */
export const DRY_RUN_TIMEOUT_MS = 60_000;
/** A finished dry run is shown again (a reload of the page) for this long, then forgotten. */
export const DRY_RUN_KEEP_MS = 30 * 60 * 1000;

/** `added`: `<id>.txt` is already on disk (an upload) but not served; the corpus without it is the live one. */
export type CorpusChange =
  | { kind: 'put'; id: string; fileText: string }
  | { kind: 'remove'; id: string }
  | { kind: 'added'; id: string };

export interface DryRunConfig {
  corpusDir: string;
  dictionariesDir: string;
  evalSetPath: string;
  suiteDirs: readonly string[];
  timeoutMs?: number;
  clock?: () => number;
}

/** One question set on both corpora. */
export interface SetDiff {
  name: string;
  total: number;
  liveCorrect: number;
  candidateCorrect: number;
  /** Candidate scores of the questions that change verdict. */
  turnedRight: QuestionScore[];
  turnedWrong: QuestionScore[];
}

export type DryRunState =
  | { status: 'running'; done: number; steps: number; startedAt: number }
  | { status: 'done'; sets: SetDiff[]; ms: number; at: number }
  | { status: 'failed'; error: string; timedOut: boolean };

export class DryRunTimeout extends Error {
  override name = 'DryRunTimeout';
}

/** Pure: the verdicts of one set on the live corpus against the candidate, matched by question id. */
export function compareScores(
  name: string,
  live: readonly QuestionScore[],
  candidate: readonly QuestionScore[],
): SetDiff {
  const before = new Map(live.map((s) => [s.id, s.correct]));
  return {
    name,
    total: candidate.length,
    liveCorrect: live.filter((s) => s.correct).length,
    candidateCorrect: candidate.filter((s) => s.correct).length,
    turnedRight: candidate.filter((s) => s.correct && before.get(s.id) === false),
    turnedWrong: candidate.filter((s) => !s.correct && before.get(s.id) === true),
  };
}

async function applyChange(fromDir: string, change: CorpusChange): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kotae-dry-run-'));
  try {
    for (const file of await corpusFiles(fromDir))
      await copyFile(path.join(fromDir, file), path.join(dir, file));
    const target = path.join(dir, `${change.id}.txt`);
    if (change.kind === 'put') await writeFile(target, change.fileText, 'utf8');
    else await unlink(target);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

type Scores = Map<string, QuestionScore[]>;

export async function runDryRun(
  config: DryRunConfig,
  change: CorpusChange,
  progress: (done: number, steps: number) => void = () => {},
): Promise<SetDiff[]> {
  const clock = config.clock ?? Date.now;
  const deadline = clock() + (config.timeoutMs ?? DRY_RUN_TIMEOUT_MS);
  const questions = await loadQuestions(config.evalSetPath);
  const suites = await Promise.all(config.suiteDirs.map(loadSuite));
  const copy =
    change.kind === 'added'
      ? await applyChange(config.corpusDir, { kind: 'remove', id: change.id })
      : await applyChange(config.corpusDir, change);
  const liveDir = change.kind === 'added' ? copy : config.corpusDir;
  const candidateDir = change.kind === 'added' ? config.corpusDir : copy;
  const steps = 4;
  let done = 0;
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    // Each engine build holds the event loop for about a second: let waiting requests in between.
    await new Promise((resolve) => setImmediate(resolve));
    if (clock() > deadline) throw new DryRunTimeout('dry run timed out');
    const result = await work();
    progress(++done, steps);
    return result;
  };
  const scoreSet = (corpusDir: string, list: readonly Question[]) => async () => {
    const loaded = await loadEngine({
      corpusDir,
      dictionariesDir: config.dictionariesDir,
      snapshotFile: null,
    });
    return runQuestions(engineAnswerer(loaded.engine), list, sourceMap(loaded.documents));
  };
  const scoreSuites = (corpusDir: string, list: readonly Suite[]) => async () => {
    const out: Scores = new Map();
    if (list.length === 0) return out;
    const corpus = await buildSuiteCorpus(corpusDir, list);
    try {
      const all = await scoreSet(
        corpus.dir,
        list.flatMap((s) => s.questions),
      )();
      const byId = new Map(all.map((s) => [s.id, s]));
      for (const suite of list) {
        out.set(
          suite.dir,
          suite.questions.flatMap((q) => byId.get(q.id) ?? []),
        );
      }
    } finally {
      await corpus.remove();
    }
    return out;
  };
  try {
    const live = await step(scoreSet(liveDir, questions));
    const candidate = await step(scoreSet(candidateDir, questions));
    const liveSuites = await step(scoreSuites(liveDir, suites));
    const candidateSuites = await step(scoreSuites(candidateDir, suites));
    // Named as the repository names them (tests/eval/questions.jsonl), never by this machine's paths.
    const shown = (file: string) =>
      path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
    return [
      compareScores(shown(config.evalSetPath), live, candidate),
      ...suites.map((s) =>
        compareScores(shown(s.dir), liveSuites.get(s.dir) ?? [], candidateSuites.get(s.dir) ?? []),
      ),
    ];
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

export interface DryRuns {
  /** The dry run under `key`, started now unless one is running or recently finished. */
  start(key: string, change: CorpusChange): DryRunState;
  get(key: string): DryRunState | null;
  /** Resolves when every started run has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** Dry runs by key (the staged replacement, the document to remove), run one after another. */
export function createDryRuns(config: DryRunConfig, onError: (error: unknown) => void = () => {}): DryRuns {
  const clock = config.clock ?? Date.now;
  const runs = new Map<string, { state: DryRunState; at: number }>();
  let queue: Promise<void> = Promise.resolve();
  const forgetOld = () => {
    for (const [key, run] of runs) if (clock() - run.at > DRY_RUN_KEEP_MS) runs.delete(key);
  };
  return {
    start(key, change) {
      forgetOld();
      const known = runs.get(key);
      if (known && known.state.status !== 'failed') return known.state;
      const entry = {
        state: { status: 'running', done: 0, steps: 4, startedAt: clock() } as DryRunState,
        at: clock(),
      };
      runs.set(key, entry);
      queue = queue.then(async () => {
        const started = clock();
        try {
          const sets = await runDryRun(config, change, (done, steps) => {
            entry.state = { status: 'running', done, steps, startedAt: started };
          });
          entry.state = { status: 'done', sets, ms: clock() - started, at: clock() };
        } catch (error) {
          if (!(error instanceof DryRunTimeout)) onError(error);
          entry.state = {
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            timedOut: error instanceof DryRunTimeout,
          };
        }
        entry.at = clock();
      });
      return entry.state;
    },
    get(key) {
      forgetOld();
      return runs.get(key)?.state ?? null;
    },
    idle: () => queue,
  };
}
