// Started by `npm start` before the service's other modules load: the answer worker spends about as long loading
// its modules, tokenizer and corpus as the main thread spends importing express, the store and the console, so
// the two run side by side instead of one after the other. Tests start the service without it (src/main.ts).
import { type Config, ConfigError, loadConfigFromProcess } from './config.ts';
import { type AnswerWorker, startAnswerWorker } from './line/answer-worker.ts';
import { createLogger, type Logger } from './log.ts';
import { readSharedDictionary } from './tokenizer.ts';

export interface EarlyStart {
  config: Config;
  logger: Logger;
  answerWorker: AnswerWorker;
}

/** The process's config and logger, and the answer worker already loading; a bad config exits with its message. */
export async function startEarly(): Promise<EarlyStart> {
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
  return { config, logger, answerWorker: await startAnswers(config, logger) };
}

/** The answer worker over the configured corpus and dictionaries. */
export async function startAnswers(
  { corpusDir, dictionariesDir }: Pick<Config, 'corpusDir' | 'dictionariesDir'>,
  logger: Logger,
): Promise<AnswerWorker> {
  // Read once into shared memory: every engine's tokenizer views the same bytes.
  const dictionary = await readSharedDictionary();
  return startAnswerWorker({ data: { corpusDir, dictionariesDir, dictionary }, logger });
}
