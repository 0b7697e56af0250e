// Started by `npm start` before the service's other modules load. The answer worker is the longest part of a
// start (a worker boots in about 100 ms, then loads its modules, tokenizer and corpus), so src/start.js spawns it
// first of all and it reads its directories from the environment; this module reads the config and adopts it,
// while the main thread goes on to import express, the store and the console. Tests start the service without
// it (src/main.ts), and a worker is started here.
import { type Config, ConfigError, loadConfigFromProcess } from './config.ts';
import { type AnswerWorker, type EarlyThread, startAnswerWorker } from './line/answer-worker.ts';
import { createLogger, type Logger } from './log.ts';
import { shareDictionaryIfUnloaded } from './tokenizer.ts';

export interface EarlyStart {
  config: Config;
  logger: Logger;
  answerWorker: AnswerWorker;
}

/** The process's config and logger, and the answer worker already loading; a bad config exits with its message. */
export async function startEarly(first?: EarlyThread): Promise<EarlyStart> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  return { config, logger, answerWorker: startAnswers(config, logger, first) };
}

/** The answer worker over the configured corpus and dictionaries (`first`, when src/start.js spawned it). */
export function startAnswers(
  { corpusDir, dictionariesDir }: Pick<Config, 'corpusDir' | 'dictionariesDir'>,
  logger: Logger,
  first?: EarlyThread,
): AnswerWorker {
  return startAnswerWorker({
    // The first worker reads the dictionary into shared memory: the workers after it, and this thread's
    // tokenizer (the console's engine), view the same bytes.
    data: { corpusDir, dictionariesDir, dictionary: null },
    logger,
    ...(first ? { first } : {}),
    onDictionary: shareDictionaryIfUnloaded,
  });
}
